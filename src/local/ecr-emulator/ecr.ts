import { describePage } from './pagination';
import { locksOutPolicyChanges, validatePolicyText } from './policy-rules';
import { ApiError } from './protocol';
import type { EmulatorState, RegistryState, StoredRepository } from './state';

/** The private ECR operations the emulator answers. */
export const ECR_OPERATIONS = [
  'DescribeRepositories',
  'GetRepositoryPolicy',
  'SetRepositoryPolicy',
  'DeleteRepositoryPolicy',
  'GetRegistryPolicy',
  'PutRegistryPolicy',
  'DeleteRegistryPolicy',
  'GetAccountSetting',
  'PutAccountSetting',
] as const;

/** Answers one private ECR call (`AmazonEC2ContainerRegistry_V20150921.<op>`) in one region. */
export function handleEcr(
  state: EmulatorState,
  region: string,
  op: string,
  input: Record<string, unknown>,
): unknown {
  const registryId = state.accountId;
  checkRegistryId(input, registryId);
  const registry = state.registry(region);

  switch (op) {
    case 'DescribeRepositories': {
      const page = describePage(registry, input, (name) => repositoryNotFound(name, registryId));
      return {
        repositories: page.repositories.map((repo) => describe(repo, region, registryId)),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    }
    case 'GetRepositoryPolicy': {
      const repo = findRepository(registry, input, registryId);
      return { registryId, repositoryName: repo.name, policyText: policyOrFail(repo, registryId) };
    }
    case 'SetRepositoryPolicy': {
      const repo = findRepository(registry, input, registryId);
      const text = validatePolicyText(input.policyText);
      if (input.force !== true && locksOutPolicyChanges(text)) {
        throw new ApiError(
          'InvalidParameterException',
          "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'The policy would prevent " +
            "you from setting another policy in the future; use 'force' to set it anyway'",
        );
      }
      repo.policy = text;
      return { registryId, repositoryName: repo.name, policyText: text };
    }
    case 'DeleteRepositoryPolicy': {
      const repo = findRepository(registry, input, registryId);
      const policyText = policyOrFail(repo, registryId);
      repo.policy = null;
      return { registryId, repositoryName: repo.name, policyText };
    }
    case 'GetRegistryPolicy': {
      const policyText = registryPolicyOrFail(registry, registryId);
      return { registryId, policyText };
    }
    case 'PutRegistryPolicy': {
      registry.registryPolicy = validatePolicyText(input.policyText);
      return { registryId, policyText: registry.registryPolicy };
    }
    case 'DeleteRegistryPolicy': {
      const policyText = registryPolicyOrFail(registry, registryId);
      registry.registryPolicy = null;
      return { registryId, policyText };
    }
    case 'GetAccountSetting':
      return { name: input.name, value: accountSetting(registry, input.name) };
    case 'PutAccountSetting': {
      if (
        input.name !== 'REGISTRY_POLICY_SCOPE' ||
        (input.value !== 'V1' && input.value !== 'V2')
      ) {
        throw new ApiError('ValidationException', 'Unsupported account setting name or value');
      }
      registry.registryPolicyScope = input.value;
      return { name: input.name, value: input.value };
    }
    default:
      throw new ApiError('UnknownOperationException', `Operation ${op} is not supported`);
  }
}

/** A repository as DescribeRepositories returns it (dates as epoch seconds, like ECR). */
function describe(repo: StoredRepository, region: string, registryId: string) {
  return {
    repositoryArn: `arn:aws:ecr:${region}:${registryId}:repository/${repo.name}`,
    registryId,
    repositoryName: repo.name,
    repositoryUri: `${registryId}.dkr.ecr.${region}.amazonaws.com/${repo.name}`,
    createdAt: repo.createdAt.getTime() / 1000,
    imageTagMutability: 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: 'AES256' },
  };
}

function accountSetting(registry: RegistryState, name: unknown): string {
  if (name === 'REGISTRY_POLICY_SCOPE') return registry.registryPolicyScope;
  if (name === 'BASIC_SCAN_TYPE_VERSION') return 'AWS_NATIVE';
  throw new ApiError('ValidationException', `Account setting name ${String(name)} is not valid`);
}

function registryPolicyOrFail(registry: RegistryState, registryId: string): string {
  if (registry.registryPolicy === null) {
    throw new ApiError(
      'RegistryPolicyNotFoundException',
      `Registry policy does not exist in the registry with id '${registryId}'`,
    );
  }
  return registry.registryPolicy;
}

function findRepository(
  registry: RegistryState,
  input: Record<string, unknown>,
  registryId: string,
): StoredRepository {
  const name = input.repositoryName;
  if (typeof name !== 'string' || name.length === 0) {
    throw new ApiError('InvalidParameterException', "Invalid parameter at 'repositoryName'");
  }
  const repo = registry.repositories.get(name);
  if (!repo) throw repositoryNotFound(name, registryId);
  return repo;
}

/** ECR's answer for a repository that does not exist. */
export function repositoryNotFound(name: string, registryId: string): ApiError {
  return new ApiError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
  );
}

/** A repository's policy text, or ECR's answer (public and private alike) when it has none. */
export function policyOrFail(repo: StoredRepository, registryId: string): string {
  if (repo.policy === null) {
    throw new ApiError(
      'RepositoryPolicyNotFoundException',
      `Repository policy does not exist for the repository with name '${repo.name}' in the ` +
        `registry with id '${registryId}'`,
    );
  }
  return repo.policy;
}

/** Another account's registry: ECR answers as if the caller had no rights there. */
export function checkRegistryId(input: Record<string, unknown>, registryId: string): void {
  const asked = input.registryId;
  if (asked !== undefined && asked !== registryId) {
    throw new ApiError(
      'AccessDeniedException',
      `User is not authorized to access registry ${String(asked)} (the emulator only holds ${registryId})`,
    );
  }
}
