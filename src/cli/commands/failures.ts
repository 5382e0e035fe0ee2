import { EcrCheckError } from '../../shared/errors';

/**
 * Turns an error of the Slack Web API client into a message that says what to check: the
 * `SLACK_API_URL` it could not reach, a refused token or channel, a rate limit. Anything else is
 * returned as it was. `what` names the step, e.g. "post the digest".
 */
export function slackFailure(error: unknown, what: string, apiUrl: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('slack_webapi_')) return error;
  const reason = slackReason(error as SlackLikeError, code, apiUrl);
  return new EcrCheckError('slack-failed', `Could not ${what}: ${reason}`, { cause: error });
}

interface SlackLikeError extends Error {
  original?: Error;
  data?: { error?: string };
  statusCode?: number;
  retryAfter?: number;
}

function slackReason(error: SlackLikeError, code: string, apiUrl: string): string {
  const where = `the Slack Web API at ${apiUrl} (SLACK_API_URL)`;
  switch (code) {
    case 'slack_webapi_request_error':
      return `${where} could not be reached (${networkDetail(error.original ?? error)}).`;
    case 'slack_webapi_http_error':
      return `${where} answered HTTP ${error.statusCode ?? '?'}.`;
    case 'slack_webapi_rate_limited_error':
      return `Slack is rate limiting this app (retry after ${error.retryAfter ?? '?'} s).`;
    case 'slack_webapi_platform_error': {
      const slackError = error.data?.error ?? error.message;
      const hint = PLATFORM_HINTS[slackError];
      return `Slack refused the call (${slackError})${hint ? `: ${hint}` : ''}.`;
    }
    default:
      return error.message;
  }
}

/** `fetch failed` says little; the reason (ECONNREFUSED, ENOTFOUND, …) is in its cause. */
function networkDetail(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

const PLATFORM_HINTS: Record<string, string> = {
  invalid_auth: 'check SLACK_BOT_TOKEN',
  not_authed: 'check SLACK_BOT_TOKEN',
  account_inactive: 'the bot token belongs to a deleted app or user; check SLACK_BOT_TOKEN',
  token_revoked: 'the bot token was revoked; reinstall the app and update SLACK_BOT_TOKEN',
  channel_not_found: 'check SLACK_CHANNEL_ID, and invite the app to the channel',
  not_in_channel: 'invite the app to the channel of SLACK_CHANNEL_ID',
  missing_scope: 'the app lacks an OAuth scope; see README "Slack app"',
};

/**
 * Turns a failure to listen on `host:port` into a message for people: the port in use, an
 * unknown host, an address not on this machine, a port needing privileges. Anything else is
 * returned as it was.
 */
export function listenFailure(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const at = `${host}:${port}`;
  const message: Record<string, string> = {
    EADDRINUSE: `Port ${port} is already in use on ${host}. Stop the program using it, or choose another with PORT=…`,
    ENOTFOUND: `Cannot listen on ${at}: the host ${JSON.stringify(host)} is not known. Use an address of this machine such as 127.0.0.1 (--host).`,
    EAI_AGAIN: `Cannot listen on ${at}: the host name ${JSON.stringify(host)} could not be looked up.`,
    EADDRNOTAVAIL: `Cannot listen on ${at}: ${host} is not an address of this machine (--host).`,
    EACCES: `Not allowed to listen on ${at}; ports below 1024 need privileges. Choose another with PORT=…`,
  };
  if (typeof code !== 'string' || !(code in message)) return error;
  return new EcrCheckError('config-invalid', message[code] as string, { cause: error });
}
