import { checkRegistryId, policyOrFail, repositoryNotFound } from './ecr';
import { describePage } from './pagination';
import { locksOutPolicyChanges, validatePolicyText } from './policy-rules';
import { ApiError } from './protocol';
import type { EmulatorState, StoredRepository } from './state';

/** ECR Public's API answers in this region only. */
export const ECR_PUBLIC_API_REGION = 'us-east-1';

/** The ECR Public operations the emulator answers. */
export const ECR_PUBLIC_OPERATIONS = [
  'DescribeRepositories',
  'GetRepositoryPolicy',
  'SetRepositoryPolicy',
  'DeleteRepositoryPolicy',
] as const;

/** Answers one ECR Public call (`SpencerFrontendService.<op>`). */
export function handleEcrPublic(
  state: EmulatorState,
  region: string,
  op: string,
  input: Record<string, unknown>,
): unknown {
  if (region !== ECR_PUBLIC_API_REGION) {
    // AWS has no ECR Public endpoint outside us-east-1; a signed call there is not accepted.
    throw new ApiError(
      'UnrecognizedClientException',
      `ECR Public is only available in ${ECR_PUBLIC_API_REGION}, not ${region}`,
    );
  }
  const registryId = state.accountId;
  checkRegistryId(input, registryId);
  const registry = state.publicRepositories;

  switch (op) {
    case 'DescribeRepositories': {
      const page = describePage(registry, input, (name) => repositoryNotFound(name, registryId));
      return {
        repositories: page.repositories.map((repo) => ({
          repositoryArn: `arn:aws:ecr-public::${registryId}:repository/${repo.name}`,
          registryId,
          repositoryName: repo.name,
          repositoryUri: `public.ecr.aws/${state.publicAlias}/${repo.name}`,
          createdAt: repo.createdAt.getTime() / 1000,
        })),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    }
    case 'GetRepositoryPolicy': {
      const repo = find(state, input);
      return { registryId, repositoryName: repo.name, policyText: policyOrFail(repo, registryId) };
    }
    case 'SetRepositoryPolicy': {
      const repo = find(state, input);
      const text = validatePolicyText(input.policyText);
      if (input.force !== true && locksOutPolicyChanges(text)) {
        throw new ApiError(
          'InvalidParameterException',
          "The policy would prevent you from setting another policy in the future; use 'force'",
        );
      }
      repo.policy = text;
      return { registryId, repositoryName: repo.name, policyText: text };
    }
    case 'DeleteRepositoryPolicy': {
      const repo = find(state, input);
      const policyText = policyOrFail(repo, registryId);
      repo.policy = null;
      return { registryId, repositoryName: repo.name, policyText };
    }
    default:
      throw new ApiError('UnknownOperationException', `Operation ${op} is not supported`);
  }
}

function find(state: EmulatorState, input: Record<string, unknown>): StoredRepository {
  const name = input.repositoryName;
  if (typeof name !== 'string' || name.length === 0) {
    throw new ApiError('InvalidParameterException', "Invalid parameter at 'repositoryName'");
  }
  const repo = state.publicRepositories.repositories.get(name);
  if (!repo) throw repositoryNotFound(name, state.accountId);
  return repo;
}
