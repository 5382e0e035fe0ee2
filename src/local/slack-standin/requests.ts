import { createHmac } from 'node:crypto';

/**
 * The headers Slack sends with a request: `X-Slack-Request-Timestamp` and the `v0` signature
 * (HMAC-SHA256 of `v0:timestamp:body` with the signing secret). `timestamp` defaults to now;
 * pass an old one to forge a stale request.
 */
export function signSlackRequest(
  body: string,
  signingSecret: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex');
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${signature}`,
  };
}

/** How to sign a request: the app's secret (correct or forged), or no signature at all. */
export type Signing = { secret: string; timestamp?: number } | 'unsigned';

/** What the app answered. */
export interface AppReply {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: the app's JSON answer (an ephemeral message).
  json: any;
}

async function post(url: string, body: string, signing: Signing): Promise<AppReply> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    ...(signing === 'unsigned' ? {} : signSlackRequest(body, signing.secret, signing.timestamp)),
  };
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, text, json };
}

/** The form body Slack posts for `/ecr-check TEXT`. */
export function slashCommandBody(fields: {
  text: string;
  userId: string;
  teamId: string;
  channelId: string;
  responseUrl: string;
  triggerId?: string;
}): string {
  return new URLSearchParams({
    token: 'unused-verification-token',
    team_id: fields.teamId,
    team_domain: 'ecr-check',
    channel_id: fields.channelId,
    channel_name: 'ecr-check',
    user_id: fields.userId,
    user_name: fields.userId.toLowerCase(),
    command: '/ecr-check',
    text: fields.text,
    api_app_id: 'A0ECRCHECK',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `trigger-${Date.now()}`,
  }).toString();
}

/** Sends `/ecr-check TEXT` to the app as Slack does. */
export function sendSlashCommand(
  appUrl: string,
  signing: Signing,
  fields: Parameters<typeof slashCommandBody>[0],
): Promise<AppReply> {
  return post(appUrl, slashCommandBody(fields), signing);
}

/**
 * The payload Slack posts when a user clicks a button on a message: the button (`actionId`,
 * `value`), the message as the app posted it (channel, ts, thread_ts, blocks), the user and team.
 */
export function buttonClickPayload(fields: {
  actionId: string;
  value: string;
  userId: string;
  teamId: string;
  channelId: string;
  // biome-ignore lint/suspicious/noExplicitAny: the message as the stand-in holds it.
  message: { ts: string; threadTs?: string; text: string; blocks: any[] };
  responseUrl: string;
}): Record<string, unknown> {
  const button = fields.message.blocks
    .flatMap((b) => (b.type === 'actions' ? b.elements : []))
    .find((el: { action_id?: string }) => el.action_id === fields.actionId);
  return {
    type: 'block_actions',
    user: { id: fields.userId, username: fields.userId.toLowerCase(), team_id: fields.teamId },
    api_app_id: 'A0ECRCHECK',
    token: 'unused-verification-token',
    container: {
      type: 'message',
      message_ts: fields.message.ts,
      channel_id: fields.channelId,
      is_ephemeral: false,
    },
    trigger_id: `trigger-${Date.now()}`,
    team: { id: fields.teamId, domain: 'ecr-check' },
    channel: { id: fields.channelId, name: 'ecr-check' },
    message: {
      type: 'message',
      ts: fields.message.ts,
      ...(fields.message.threadTs ? { thread_ts: fields.message.threadTs } : {}),
      text: fields.message.text,
      blocks: fields.message.blocks,
    },
    response_url: fields.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: fields.actionId,
        block_id: 'finding-actions',
        text: button?.text ?? { type: 'plain_text', text: fields.actionId },
        value: fields.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

/** Sends a block_actions (or view_submission) payload to the app as Slack does. */
export function sendInteraction(
  appUrl: string,
  signing: Signing,
  payload: Record<string, unknown>,
): Promise<AppReply> {
  return post(
    appUrl,
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    signing,
  );
}

/** Finds a button on a message by its visible text (`Remediate`, `Approve`, …). */
export function findButton(
  // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON.
  message: { blocks: any[] },
  text: string,
): { actionId: string; value: string } | null {
  for (const block of message.blocks) {
    if (block.type !== 'actions') continue;
    for (const el of block.elements) {
      if (el.type === 'button' && el.text?.text === text) {
        return { actionId: el.action_id, value: el.value };
      }
    }
  }
  return null;
}
