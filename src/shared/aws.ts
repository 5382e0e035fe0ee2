import { ECRClient } from '@aws-sdk/client-ecr';
import { ECRPUBLICClient } from '@aws-sdk/client-ecr-public';

/** ECR Public's API exists only in us-east-1; it is scanned once per account through it. */
export const ECR_PUBLIC_REGION = 'us-east-1';

/**
 * How a client retries: `adaptive` (the default) is the SDK's retry with its own client-side rate
 * limiter, which suits callers that make a few calls; `standard` retries throttling and transient
 * errors with backoff but never holds requests back, for callers that pace themselves (the scanner
 * does: see `src/scan/pacer.ts`).
 */
export interface ClientOptions {
  retryMode?: 'adaptive' | 'standard';
}

/**
 * Client settings shared by every AWS client: the SDK's retry (adaptive unless asked otherwise)
 * and the default credential chain. Endpoints are never set in code: the SDK reads
 * `AWS_ENDPOINT_URL_ECR`, `AWS_ENDPOINT_URL_ECR_PUBLIC` and friends from the environment.
 */
export function clientSettings(region: string, maxAttempts = 8, options: ClientOptions = {}) {
  return { region, retryMode: options.retryMode ?? 'adaptive', maxAttempts };
}

/** A private ECR client for one region. */
export function ecrClient(
  region: string,
  maxAttempts?: number,
  options?: ClientOptions,
): ECRClient {
  return new ECRClient(clientSettings(region, maxAttempts, options));
}

/** The ECR Public client (always us-east-1). */
export function ecrPublicClient(maxAttempts?: number, options?: ClientOptions): ECRPUBLICClient {
  return new ECRPUBLICClient(clientSettings(ECR_PUBLIC_REGION, maxAttempts, options));
}
