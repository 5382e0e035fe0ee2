import { parse } from 'node:querystring';
import { isValidSlackRequest } from '@slack/bolt';

/** The form content type Slack posts slash commands and interactivity with. */
const FORM = 'application/x-www-form-urlencoded';

/**
 * Parses a request body the way Bolt's receivers do (a form, whose `payload` field holds JSON, or
 * JSON), so the check below sees exactly what Bolt would hand to the app. Throws on bad JSON.
 */
export function parseSlackBody(raw: string, contentType: string | undefined): unknown {
  if (contentType === FORM) {
    const form = parse(raw);
    return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  }
  return JSON.parse(raw);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Why a parsed Slack body gives the app nothing to act on, or null when it is something Slack
 * sends us: a slash command, a button click with its action, a modal submission, or Slack's own
 * `ssl_check` and `url_verification`. Bolt assumes an object and would crash on `null`, or wait
 * three seconds for a listener that never comes on a click without actions.
 */
export function bodyProblem(body: unknown): string | null {
  if (!isObject(body)) return 'the body is not an object';
  if (body.ssl_check !== undefined || body.type === 'url_verification') return null;
  if (typeof body.command === 'string' && body.command.startsWith('/')) return null;
  switch (body.type) {
    case 'block_actions': {
      const actions = body.actions;
      const usable =
        Array.isArray(actions) &&
        actions.length > 0 &&
        actions.every((a) => isObject(a) && typeof a.action_id === 'string');
      return usable ? null : 'a block_actions payload without actions';
    }
    case 'view_submission':
    case 'view_closed':
      return isObject(body.view) && typeof body.view.callback_id === 'string'
        ? null
        : `a ${body.type} payload without a view`;
    case undefined:
      return 'neither a command nor an interaction';
    default:
      return `a ${String(body.type).slice(0, 40)} payload, which this app does not handle`;
  }
}

/** The problem of a raw body (bad JSON included), or null when the app can act on it. */
export function rawBodyProblem(raw: string, contentType: string | undefined): string | null {
  let body: unknown;
  try {
    body = parseSlackBody(raw, contentType);
  } catch {
    return 'the body is not valid JSON';
  }
  return bodyProblem(body);
}

/** Whether the request carries a valid, fresh Slack signature (the receivers check it again). */
export function isSignedBySlack(
  signingSecret: string,
  raw: string,
  header: (name: string) => string | undefined,
): boolean {
  const signature = header('x-slack-signature');
  const timestamp = Number(header('x-slack-request-timestamp'));
  if (!signature || !Number.isFinite(timestamp)) return false;
  return isValidSlackRequest({
    signingSecret,
    body: raw,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
  });
}
