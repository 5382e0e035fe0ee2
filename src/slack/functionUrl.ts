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
  const body =
    typeof raw.body !== 'string'
      ? ''
      : raw.isBase64Encoded
        ? Buffer.from(raw.body, 'base64').toString('utf8')
        : raw.body;
  return { ...raw, headers, body, isBase64Encoded: false } as unknown as AwsEvent;
}
