/**
 * Stable error codes. Callers branch on `code`, never on message text; the CLI and Slack show the
 * message, and logs carry both.
 */
export type ErrorCode =
  | 'policy-malformed'
  | 'policy-too-long'
  | 'config-invalid'
  | 'aws-access-denied'
  | 'aws-throttled'
  | 'aws-unavailable'
  | 'aws-rejected-policy'
  | 'store-unavailable'
  | 'store-conflict'
  | 'not-found'
  | 'not-authorised'
  | 'policy-drifted'
  | 'invalid-state'
  | 'scan-failed'
  | 'slack-failed'
  | 'internal';

/** The one error type of ecr-check: a stable code, a message for people and the original cause. */
export class EcrCheckError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EcrCheckError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** True when `error` is an ecr-check error, optionally with the given code. */
export function isEcrCheckError(error: unknown, code?: ErrorCode): error is EcrCheckError {
  return error instanceof EcrCheckError && (code === undefined || error.code === code);
}
