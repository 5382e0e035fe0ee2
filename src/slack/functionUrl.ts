import type { AwsEvent } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';

/**
 * Puts a Lambda Function URL event (payload 2.0) into the shape Bolt's AwsLambdaReceiver reads
 * correctly: the body decoded from base64 as UTF-8 (Bolt would decode it as ASCII, breaking the
 * signature of any non-ASCII byte), headers present and lower-case, and the content type without
 * parameters (Bolt compares it exactly).
 */
export function normaliseFunctionUrlEvent(event: unknown): AwsEvent {
  const raw = (event ?? {}) as Record<string, unknown>;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries((raw.headers as Record<string, unknown>) ?? {})) {
    if (typeof value === 'string') headers[key.toLowerCase()] = value;
  }
  if (headers['content-type']) {
    headers['content-type'] = (headers['content-type'].split(';')[0] ?? '').trim().toLowerCase();
  }
  return { ...raw, headers, body: eventBody(raw), isBase64Encoded: false } as unknown as AwsEvent;
}

/** The body of a Lambda event as Slack sent it: decoded from base64 as UTF-8 when flagged so. */
export function eventBody(event: { body?: unknown; isBase64Encoded?: unknown }): string {
  if (typeof event.body !== 'string') return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}
