import { createHmac, randomUUID } from 'node:crypto';

/** Who clicks and types in the demo workspace. */
export interface DemoUser {
  id: string;
  name: string;
}

/** Where the demo plays Slack: the app's request URL, its signing secret and the workspace. */
export interface SlackClientOptions {
  appUrl: string;
  signingSecret: string;
  teamId: string;
  channelId: string;
  /** Where the app may answer slash commands and clicks later (`response_url`). */
  responseUrl: string;
}

/** What the app answered to a request, as Slack would receive it. */
export interface AppAnswer {
  status: number;
  body: string;
  /** The answer parsed as JSON when it is JSON (an ephemeral message, for example). */
  json: Record<string, unknown> | null;
}

/**
 * Plays the Slack side of the conversation: sends slash commands and button clicks to the app as
 * Slack does, form-encoded and signed with the app's signing secret (`v0` HMAC-SHA256 of
 * `v0:timestamp:body`), so the app's own signature check accepts them.
 */
export class SlackClient {
  constructor(private readonly options: SlackClientOptions) {}

  /** Sends `/ecr-check TEXT` typed by `user`. */
  command(user: DemoUser, text: string): Promise<AppAnswer> {
    const body = new URLSearchParams({
      token: 'demo-verification-token',
      team_id: this.options.teamId,
      team_domain: 'ecr-check-demo',
      channel_id: this.options.channelId,
      channel_name: 'ecr-check',
      user_id: user.id,
      user_name: user.name,
      command: '/ecr-check',
      text,
      api_app_id: 'ADEMOAPP01',
      response_url: this.options.responseUrl,
      trigger_id: `demo.${randomUUID()}`,
    });
    return this.send(body.toString());
  }

  /** Sends a click by `user` on a button of the message `ts` (in a thread when `threadTs`). */
  click(
    user: DemoUser,
    button: { actionId: string; value: string; blockId?: string },
    message: { ts: string; threadTs?: string; blocks?: unknown },
  ): Promise<AppAnswer> {
    const payload = {
      type: 'block_actions',
      user: { id: user.id, username: user.name, name: user.name, team_id: this.options.teamId },
      api_app_id: 'ADEMOAPP01',
      token: 'demo-verification-token',
      team: { id: this.options.teamId, domain: 'ecr-check-demo' },
      channel: { id: this.options.channelId, name: 'ecr-check' },
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: this.options.channelId,
        is_ephemeral: false,
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      },
      message: {
        type: 'message',
        ts: message.ts,
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        blocks: message.blocks ?? [],
      },
      trigger_id: `demo.${randomUUID()}`,
      response_url: this.options.responseUrl,
      actions: [
        {
          type: 'button',
          action_id: button.actionId,
          block_id: button.blockId ?? 'demo',
          value: button.value,
          action_ts: (Date.now() / 1000).toFixed(6),
        },
      ],
    };
    return this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  private async send(body: string): Promise<AppAnswer> {
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const signature = createHmac('sha256', this.options.signingSecret)
      .update(`v0:${timestamp}:${body}`)
      .digest('hex');
    const response = await fetch(this.options.appUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': `v0=${signature}`,
      },
      body,
    });
    const text = await response.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      json = null;
    }
    return { status: response.status, body: text, json };
  }
}
