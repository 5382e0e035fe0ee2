import {
  DeleteRepositoryPolicyCommand,
  type ECRClient,
  GetRepositoryPolicyCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  DeleteRepositoryPolicyCommand as DeletePublicPolicyCommand,
  type ECRPUBLICClient,
  GetRepositoryPolicyCommand as GetPublicPolicyCommand,
  SetRepositoryPolicyCommand as SetPublicPolicyCommand,
} from '@aws-sdk/client-ecr-public';
import { ecrClient, ecrPublicClient } from '../shared/aws';
import { EcrCheckError } from '../shared/errors';
import type { PolicyTarget } from '../store/types';

/**
 * Reads and changes the live policy of one private or ECR Public repository. Texts pass through
 * byte for byte (never parsed and re-serialised); "no policy" is `null`, not an error.
 *
 * Registry policies (the private registry's `PutRegistryPolicy`) are reported by the scanner but
 * not remediated here: a registry policy governs replication and pull-through for the whole
 * registry, and changing it from a chat button is riskier than its findings warrant. Fix those by
 * hand (`aws ecr put-registry-policy`); the workflow refuses them with a message saying so.
 */
export interface LivePolicy {
  /** The exact policy text, or null when the repository has none. */
  read(target: PolicyTarget): Promise<string | null>;
  /** Sets the policy (never with `force`); AWS rejecting the text is `aws-rejected-policy`. */
  write(target: PolicyTarget, text: string): Promise<void>;
  /** Deletes the policy; a policy that is already gone is fine. */
  remove(target: PolicyTarget): Promise<void>;
}

/** The live policy adapter over the real ECR and ECR Public APIs (endpoints from the SDK env). */
export function awsLivePolicy(
  clients: { ecr?: (region: string) => ECRClient; ecrPublic?: () => ECRPUBLICClient } = {},
): LivePolicy {
  const privateClients = new Map<string, ECRClient>();
  let publicClient: ECRPUBLICClient | undefined;
  const ecr = (region: string) => {
    let client = privateClients.get(region);
    if (!client) {
      client = (clients.ecr ?? ecrClient)(region);
      privateClients.set(region, client);
    }
    return client;
  };
  const ecrPublic = () => {
    publicClient ??= (clients.ecrPublic ?? ecrPublicClient)();
    return publicClient;
  };

  return {
    async read(target) {
      const input = { registryId: target.registryId, repositoryName: target.repository };
      try {
        const out =
          target.kind === 'public'
            ? await ecrPublic().send(new GetPublicPolicyCommand(input))
            : await ecr(target.region).send(new GetRepositoryPolicyCommand(input));
        return out.policyText ?? null;
      } catch (error) {
        if (errorName(error) === 'RepositoryPolicyNotFoundException') return null;
        throw mapEcrError(error, target, 'reading');
      }
    },

    async write(target, text) {
      const input = {
        registryId: target.registryId,
        repositoryName: target.repository,
        policyText: text,
      };
      try {
        if (target.kind === 'public') await ecrPublic().send(new SetPublicPolicyCommand(input));
        else await ecr(target.region).send(new SetRepositoryPolicyCommand(input));
      } catch (error) {
        throw mapEcrError(error, target, 'setting');
      }
    },

    async remove(target) {
      const input = { registryId: target.registryId, repositoryName: target.repository };
      try {
        if (target.kind === 'public') await ecrPublic().send(new DeletePublicPolicyCommand(input));
        else await ecr(target.region).send(new DeleteRepositoryPolicyCommand(input));
      } catch (error) {
        if (errorName(error) === 'RepositoryPolicyNotFoundException') return;
        throw mapEcrError(error, target, 'deleting');
      }
    },
  };
}

/** Names a repository for messages: `app (eu-west-1)` or `app (ECR Public)`. */
export function describeTarget(target: PolicyTarget): string {
  return `${target.repository} (${target.kind === 'public' ? 'ECR Public' : target.region})`;
}

function mapEcrError(error: unknown, target: PolicyTarget, doing: string): EcrCheckError {
  const name = errorName(error);
  const detail = error instanceof Error ? error.message : String(error);
  const where = describeTarget(target);
  const details = { ...target, awsError: name };
  if (name === 'InvalidParameterException' && doing === 'setting') {
    return new EcrCheckError(
      'aws-rejected-policy',
      `AWS rejected the policy for ${where}: ${detail}`,
      { cause: error, details },
    );
  }
  if (name === 'RepositoryNotFoundException') {
    return new EcrCheckError('not-found', `Repository ${where} no longer exists.`, {
      cause: error,
      details,
    });
  }
  if (name === 'AccessDeniedException' || name === 'UnrecognizedClientException') {
    return new EcrCheckError(
      'aws-access-denied',
      `Access denied while ${doing} the policy of ${where}: ${detail}`,
      { cause: error, details },
    );
  }
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException') {
    return new EcrCheckError('aws-throttled', `AWS throttled ${doing} the policy of ${where}.`, {
      cause: error,
      details,
    });
  }
  return new EcrCheckError(
    'aws-unavailable',
    `Could not finish ${doing} the policy of ${where}: ${name}: ${detail}`,
    { cause: error, details },
  );
}

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? '';
}
