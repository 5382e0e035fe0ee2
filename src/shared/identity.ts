import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { EcrCheckError } from './errors';

/**
 * The account that owns the scanned registries: `ECR_CHECK_ACCOUNT_ID` when configured, otherwise
 * STS `GetCallerIdentity` for the current credentials (honouring `AWS_ENDPOINT_URL_STS`).
 */
export async function resolveOwnerAccount(
  env: NodeJS.ProcessEnv = process.env,
  region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
): Promise<string> {
  const configured = env.ECR_CHECK_ACCOUNT_ID?.trim();
  if (configured) {
    if (!/^\d{12}$/.test(configured)) {
      throw new EcrCheckError('config-invalid', `ECR_CHECK_ACCOUNT_ID must be 12 digits.`);
    }
    return configured;
  }
  try {
    const sts = new STSClient({ region, maxAttempts: 3 });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error('GetCallerIdentity returned no account');
    return identity.Account;
  } catch (error) {
    throw new EcrCheckError(
      'aws-access-denied',
      'Could not tell which AWS account to scan: STS GetCallerIdentity failed. Check your AWS ' +
        'credentials, or set ECR_CHECK_ACCOUNT_ID.',
      { cause: error },
    );
  }
}
