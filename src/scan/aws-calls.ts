import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECRPUBLICClient } from '@aws-sdk/client-ecr-public';

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
]);

/** True when AWS answered that the caller is going too fast. */
export function isThrottling(error: unknown): boolean {
  return error instanceof Error && THROTTLING_NAMES.has(error.name);
}

/**
 * Counts every throttled answer a client receives, including the ones its retry strategy then
 * retried successfully: a middleware in the deserialize step runs once per attempt.
 */
export function countThrottles(client: ECRClient | ECRPUBLICClient, onThrottle: () => void): void {
  (client as ECRClient).middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isThrottling(error)) onThrottle();
        throw error;
      }
    },
    { step: 'deserialize', priority: 'high', name: 'ecrCheckCountThrottles' },
  );
}

/** Why a call did not complete: the time budget ran out, or one call waited too long. */
export class CallAborted extends Error {
  constructor(readonly reason: 'deadline' | 'timeout') {
    super(reason === 'deadline' ? 'the time budget ran out' : 'no answer in time');
    this.name = 'CallAborted';
  }
}

/**
 * Runs one SDK call (with its retries) under the scan deadline and a per-call timeout, so a region
 * that never answers cannot hold the scan. Listeners are removed after each call: `AbortSignal.any`
 * would keep one per call alive on the long-lived deadline signal.
 */
export async function withDeadline<T>(
  deadline: AbortSignal,
  timeoutMs: number,
  call: (abortSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (deadline.aborted) throw new CallAborted('deadline');
  const controller = new AbortController();
  let reason: 'deadline' | 'timeout' | null = null;
  const onDeadline = () => {
    reason = 'deadline';
    controller.abort();
  };
  deadline.addEventListener('abort', onDeadline, { once: true });
  const timer = setTimeout(() => {
    reason = 'timeout';
    controller.abort();
  }, timeoutMs);
  try {
    return await call(controller.signal);
  } catch (error) {
    if (reason !== null) throw new CallAborted(reason);
    throw error;
  } finally {
    clearTimeout(timer);
    deadline.removeEventListener('abort', onDeadline);
  }
}
