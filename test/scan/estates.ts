/** Policy documents the scanner tests seed the emulator with. */
export const OWNER = '111122223333';
export const PARTNER = '444455556666';

export const PUBLIC_PULL = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AnyonePulls',
      Effect: 'Allow',
      Principal: '*',
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
  ],
};

export const PUBLIC_PUSH = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AnyonePushes', Effect: 'Allow', Principal: '*', Action: 'ecr:*' }],
};

export const OWNER_ONLY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Team',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${OWNER}:root` },
      Action: ['ecr:BatchGetImage'],
    },
  ],
};

export const PARTNER_PULL = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Partner',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${PARTNER}:root` },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
  ],
};

/** An ECR Public repository policy letting everyone push. */
export const PUBLIC_REPO_PUSH = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AnyonePushes', Effect: 'Allow', Principal: '*', Action: 'ecr-public:*' }],
};

/** A registry policy letting everyone pull from every repository (V2 only). */
export const REGISTRY_PUBLIC_PULL = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'EveryonePulls',
      Effect: 'Allow',
      Principal: '*',
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: '*',
    },
  ],
};

/** A registry policy letting everyone replicate into and create repositories (V1 and V2). */
export const REGISTRY_PUBLIC_REPLICATION = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'EveryoneReplicates',
      Effect: 'Allow',
      Principal: '*',
      Action: ['ecr:ReplicateImage', 'ecr:CreateRepository'],
      Resource: '*',
    },
  ],
};

/** `count` repositories named `<prefix>-00001`…, every `policyEvery`-th with `policy`. */
export function manyRepositories(
  prefix: string,
  count: number,
  policy: Record<string, unknown> | null,
  policyEvery = 1,
) {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${String(i + 1).padStart(5, '0')}`,
    policy: policy && i % policyEvery === 0 ? policy : null,
  }));
}
