import { GetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { GetRepositoryPolicyCommand as GetPublicRepositoryPolicyCommand } from '@aws-sdk/client-ecr-public';
import { ecrClient, ecrPublicClient } from '../shared/aws';
import { EcrCheckError } from '../shared/errors';

/**
 * Reads a repository policy as ECR returns it (null: the repository has none). Used for what the
 * Slack app shows (`/ecr-check repo`, an approval card's "before"); the workflow re-reads it
 * itself before changing anything.
 */
export async function readRepositoryPolicy(target: {
  kind: 'private' | 'public';
  registryId: string;
  region: string;
  repository: string;
}): Promise<string | null> {
  try {
    if (target.kind === 'public') {
      const out = await ecrPublicClient(3).send(
        new GetPublicRepositoryPolicyCommand({
          registryId: target.registryId,
          repositoryName: target.repository,
        }),
      );
      return out.policyText ?? null;
    }
    const out = await ecrClient(target.region, 3).send(
      new GetRepositoryPolicyCommand({
        registryId: target.registryId,
        repositoryName: target.repository,
      }),
    );
    return out.policyText ?? null;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'RepositoryPolicyNotFoundException') return null;
    if (name === 'RepositoryNotFoundException') {
      throw new EcrCheckError(
        'not-found',
        `There is no repository ${target.repository} in ${target.region}.`,
        { cause: error },
      );
    }
    if (name === 'AccessDeniedException') {
      throw new EcrCheckError('aws-access-denied', 'Not allowed to read that repository policy.', {
        cause: error,
      });
    }
    throw new EcrCheckError('aws-unavailable', 'Could not read the repository policy.', {
      cause: error,
    });
  }
}
