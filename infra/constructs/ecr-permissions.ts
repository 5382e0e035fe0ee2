import { Stack, Validations } from 'aws-cdk-lib';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** ECR actions that change a repository policy; only the worker function may hold them. */
export const ECR_WRITE_ACTIONS = [
  'ecr:SetRepositoryPolicy',
  'ecr:DeleteRepositoryPolicy',
  'ecr-public:SetRepositoryPolicy',
  'ecr-public:DeleteRepositoryPolicy',
] as const;

/** Where the actions that accept a resource ARN may act: this account's repositories only. */
export function repositoryArns(scope: Construct): { ecr: string; ecrPublic: string } {
  const { partition, account } = Stack.of(scope);
  return {
    ecr: `arn:${partition}:ecr:*:${account}:repository/*`,
    ecrPublic: `arn:${partition}:ecr-public::${account}:repository/*`,
  };
}

/**
 * What a scan reads: repository policies and descriptions of this account's repositories, and
 * the registry-level settings. GetRegistryPolicy, GetAccountSetting, account:ListRegions and a
 * repository-less ecr-public:DescribeRepositories have no resource type in IAM, so they can only
 * be granted on `*`; every action is named, none is a wildcard.
 */
export function grantEcrRead(scope: Construct, grantee: IRole): void {
  const arns = repositoryArns(scope);
  const { partition, account } = Stack.of(scope);

  grantee.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ReadRepositoryPolicies',
      actions: [
        'ecr:DescribeRepositories',
        'ecr:GetRepositoryPolicy',
        'ecr-public:GetRepositoryPolicy',
      ],
      resources: [arns.ecr, arns.ecrPublic],
    }),
  );
  grantee.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ReadPublicRegistries',
      actions: ['ecr-public:DescribeRegistries'],
      resources: [`arn:${partition}:ecr-public::${account}:registry/*`],
    }),
  );
  grantee.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ReadRegistrySettings',
      actions: [
        'ecr:GetRegistryPolicy',
        'ecr:GetAccountSetting',
        'ecr-public:DescribeRepositories',
        'account:ListRegions',
      ],
      resources: ['*'],
    }),
  );

  acknowledge(
    grantee,
    'Resource::*',
    'Registry-level reads (GetRegistryPolicy, GetAccountSetting, ListRegions, listing ECR Public repositories) have no resource type in IAM; only named read actions are granted on it.',
  );
  acknowledge(
    grantee,
    'Resource::arn:<AWS::Partition>:ecr:*:<AWS::AccountId>:repository/*',
    'A scan reads every repository of this account in every region; the set is not known at deploy time.',
  );
  acknowledge(
    grantee,
    'Resource::arn:<AWS::Partition>:ecr-public::<AWS::AccountId>:repository/*',
    'A scan reads every ECR Public repository of this account; the set is not known at deploy time.',
  );
  acknowledge(
    grantee,
    'Resource::arn:<AWS::Partition>:ecr-public::<AWS::AccountId>:registry/*',
    'The account has one ECR Public registry whose id is not known at deploy time.',
  );
}

/** Lets the grantee replace or delete repository policies in this account (the worker only). */
export function grantEcrWrite(scope: Construct, grantee: IRole): void {
  const arns = repositoryArns(scope);
  grantee.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ChangeRepositoryPolicies',
      actions: [...ECR_WRITE_ACTIONS],
      resources: [arns.ecr, arns.ecrPublic],
    }),
  );
}

/** Records a reasoned cdk-nag acknowledgment of one wildcard-resource finding on a role. */
function acknowledge(role: IRole, finding: string, reason: string): void {
  Validations.of(role).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`, reason });
}
