import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { EcrCheckError, type ErrorCode } from './errors';

/** Default longest wait for one answer of an account-level call (STS, Account), in milliseconds. */
export const DEFAULT_SETUP_TIMEOUT_MS = 10_000;

/**
 * Client settings for the few account-level calls made before a scan can start (STS
 * GetCallerIdentity, Account ListRegions): bounded connection and request timeouts and 3 attempts,
 * so an endpoint that accepts connections but never answers fails the command instead of hanging
 * it. `ECR_CHECK_AWS_TIMEOUT_MS` changes the request timeout (the connection timeout is at most
 * 5 s). Endpoints still come from the SDK's `AWS_ENDPOINT_URL_*` variables.
 */
export function setupClientSettings(region: string, env: NodeJS.ProcessEnv = process.env) {
  const timeoutMs = setupTimeoutMs(env);
  return {
    region,
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: Math.min(timeoutMs, 5_000),
      requestTimeout: timeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

function setupTimeoutMs(env: NodeJS.ProcessEnv): number {
  const text = env.ECR_CHECK_AWS_TIMEOUT_MS?.trim();
  if (!text) return DEFAULT_SETUP_TIMEOUT_MS;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new EcrCheckError(
      'config-invalid',
      `ECR_CHECK_AWS_TIMEOUT_MS must be a whole number of milliseconds, not ${text}.`,
    );
  }
  return value;
}

/** What kind of failure an AWS call ended in, as far as the caller can act on it. */
export type AwsFailureKind =
  | 'no-credentials'
  | 'bad-credentials'
  | 'denied'
  | 'unreachable'
  | 'other';

const BAD_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);

/**
 * Sorts an error of an AWS SDK call into what the user has to fix: missing credentials, rejected
 * credentials, a denied permission, an endpoint that cannot be reached or did not answer, or
 * something else. `detail` is the underlying error's name and message.
 */
export function classifyAwsFailure(error: unknown): { kind: AwsFailureKind; detail: string } {
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const detail = name && name !== 'Error' ? `${name}: ${message}` : message;

  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return { kind: 'no-credentials', detail };
  }
  if (BAD_CREDENTIALS.has(name)) return { kind: 'bad-credentials', detail };
  if (DENIED.has(name)) return { kind: 'denied', detail };
  if (
    name === 'TimeoutError' ||
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    /socket hang up|ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(message)
  ) {
    return { kind: 'unreachable', detail };
  }
  return { kind: 'other', detail };
}

/** The endpoint an AWS client of `service` (its env var suffix, e.g. `STS`) talks to, in words. */
export function endpointInWords(service: string, env: NodeJS.ProcessEnv = process.env): string {
  const specific = env[`AWS_ENDPOINT_URL_${service}`];
  if (specific) return `${specific} (AWS_ENDPOINT_URL_${service})`;
  if (env.AWS_ENDPOINT_URL) return `${env.AWS_ENDPOINT_URL} (AWS_ENDPOINT_URL)`;
  return `the AWS ${service} endpoint`;
}

/**
 * The account that owns the scanned registries: `ECR_CHECK_ACCOUNT_ID` when configured, otherwise
 * STS `GetCallerIdentity` for the current credentials (honouring `AWS_ENDPOINT_URL_STS`). Fails
 * with `config-invalid` when there are no credentials, `aws-access-denied` when they are rejected,
 * and `aws-unavailable` when STS cannot be reached or does not answer within the setup timeout.
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
  const sts = new STSClient(setupClientSettings(region, env));
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error('GetCallerIdentity returned no account');
    return identity.Account;
  } catch (error) {
    const { code, message } = identityFailure(error, env);
    throw new EcrCheckError(code, `Could not tell which AWS account to scan: ${message}`, {
      cause: error,
    });
  } finally {
    sts.destroy();
  }
}

const SKIP_STS = 'Set ECR_CHECK_ACCOUNT_ID to name the account without asking STS.';

function identityFailure(
  error: unknown,
  env: NodeJS.ProcessEnv,
): { code: ErrorCode; message: string } {
  const { kind, detail } = classifyAwsFailure(error);
  switch (kind) {
    case 'no-credentials':
      return {
        code: 'config-invalid',
        message:
          `no AWS credentials found (${detail}). Configure credentials (AWS_PROFILE, ` +
          'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or `aws sso login`); the scan needs them.',
      };
    case 'bad-credentials':
      return {
        code: 'aws-access-denied',
        message: `STS rejected the AWS credentials (${detail}). Check or refresh them.`,
      };
    case 'denied':
      return {
        code: 'aws-access-denied',
        message: `STS GetCallerIdentity was denied (${detail}). ${SKIP_STS}`,
      };
    case 'unreachable':
      return {
        code: 'aws-unavailable',
        message: `STS at ${endpointInWords('STS', env)} could not be reached or did not answer (${detail}). ${SKIP_STS}`,
      };
    default:
      return {
        code: 'aws-unavailable',
        message: `STS GetCallerIdentity failed (${detail}). ${SKIP_STS}`,
      };
  }
}
