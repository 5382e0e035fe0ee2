import fc from 'fast-check';

/** Principals as people write them, good and bad. */
export const principal = fc.oneof(
  fc.constant('*'),
  fc.constantFrom(
    { AWS: '*' },
    { AWS: ['*'] },
    { AWS: '111122223333' },
    { AWS: '444455556666' },
    { AWS: 'arn:aws:iam::111122223333:role/ci' },
    { AWS: 'arn:aws:iam::*:root' },
    { AWS: ['arn:aws:iam::444455556666:root', 'arn:aws:iam::111122223333:root'] },
    { AWS: 'AROAEXAMPLEID1234567' },
    { Service: 'lambda.amazonaws.com' },
    { Service: 'codebuild.amazonaws.com', AWS: '*' },
    { Federated: 'cognito-identity.amazonaws.com' },
  ),
);

/** Actions: concrete, wildcarded, other services, and mixed case. */
export const action = fc.oneof(
  fc.constantFrom(
    '*',
    'ecr:*',
    'ECR:PutImage',
    'ecr:Batch*',
    'ecr:*Image',
    'ecr:Get*',
    'ecr:?etDownloadUrlForLayer',
    'ecr-public:*',
    'ecr-public:PutImage',
    's3:GetObject',
  ),
  fc.array(fc.constantFrom('ecr:BatchGetImage', 'ecr:PutImage', 'ecr:Describe*', 'ecr:List*'), {
    maxLength: 3,
  }),
);

const conditionKey = fc.constantFrom(
  'aws:PrincipalOrgID',
  'aws:principalorgpaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceVpce',
  'aws:SourceIp',
  'aws:SecureTransport',
  'aws:CallerCountry',
);

const conditionValue = fc.constantFrom(
  'o-a1b2c3d4e5',
  'o-*',
  'o-a1b2c3d4e5/r-ab12/*',
  '*',
  '111122223333',
  '444455556666',
  'arn:aws:iam::111122223333:role/*',
  'arn:aws:iam::*:role/x',
  'arn:aws:lambda:us-east-1:111122223333:function:*',
  'vpce-0abc1234def567890',
  '10.0.0.0/16',
  '0.0.0.0/0',
  'true',
);

const operator = fc.constantFrom(
  'StringEquals',
  'StringLike',
  'StringNotEquals',
  'StringEqualsIfExists',
  'ForAnyValue:StringLike',
  'ForAllValues:StringEquals',
  'ArnLike',
  'IpAddress',
  'NotIpAddress',
  'Null',
  'Bool',
);

/** A Condition block of zero to three entries. */
export const condition = fc.dictionary(
  operator,
  fc.dictionary(
    conditionKey,
    fc.oneof(conditionValue, fc.array(conditionValue, { maxLength: 2 })),
    {
      maxKeys: 2,
    },
  ),
  { maxKeys: 2 },
);

/** A statement that ECR would accept, in any of the shapes the engine normalises. */
export const statement = fc
  .record(
    {
      Sid: fc.constantFrom('A', 'Pull', 'Push', 'Guard'),
      Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      negatePrincipal: fc.boolean(),
      principal,
      negateAction: fc.boolean(),
      action,
      Condition: condition,
    },
    { requiredKeys: ['Effect', 'principal', 'action', 'negatePrincipal', 'negateAction'] },
  )
  .map(({ negatePrincipal, principal: who, negateAction, action: what, ...rest }) => ({
    ...rest,
    [negatePrincipal && who !== '*' ? 'NotPrincipal' : 'Principal']: who,
    [negateAction ? 'NotAction' : 'Action']: what,
  }));

/** A policy document with one to six statements, as an array or a single object. */
export function policyDocument() {
  return fc.oneof(
    fc.array(statement, { minLength: 1, maxLength: 6 }).map((list) => ({
      Version: '2012-10-17',
      Statement: list,
    })),
    statement.map((single) => ({ Version: '2012-10-17', Statement: single })),
  );
}
