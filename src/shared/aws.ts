import { ECRClient } from '@aws-sdk/client-ecr';
import { ECRPUBLICClient } from '@aws-sdk/client-ecr-public';

/** ECR Public's API exists only in us-east-1; it is scanned once per account through it. */
export const ECR_PUBLIC_REGION = 'us-east-1';

/**
 * Client settings shared by every AWS client: the SDK's adaptive retry (client-side rate limiting
 * for throttling) and the default credential chain. Endpoints are never set in code: the SDK reads
 * `AWS_ENDPOINT_URL_ECR`, `AWS_ENDPOINT_URL_ECR_PUBLIC` and friends from the environment.
 */
export function clientSettings(region: string, maxAttempts = 8) {
  return { region, retryMode: 'adaptive' as const, maxAttempts };
}

/** A private ECR client for one region. */
export function ecrClient(region: string, maxAttempts?: number): ECRClient {
  return new ECRClient(clientSettings(region, maxAttempts));
}

/** The ECR Public client (always us-east-1). */
export function ecrPublicClient(maxAttempts?: number): ECRPUBLICClient {
  return new ECRPUBLICClient(clientSettings(ECR_PUBLIC_REGION, maxAttempts));
}
