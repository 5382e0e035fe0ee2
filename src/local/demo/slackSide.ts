import { startSlackStandin } from '../slack-standin';
import { onCleanup, sleep } from './cleanup';
import type { AppAnswer } from './slackUser';
import { DEMO } from './stack';

/** A message as one user or the channel saw it at one moment (a post, an update or an ephemeral). */
export interface PostedMessage {
  event: 'posted' | 'updated' | 'ephemeral';
  ts: string;
  threadTs?: string;
  text: string;
  blocks: unknown[];
  /** For ephemerals: who saw it (`response_url` when it came through one). */
  ephemeralTo?: string;
}

/** The demo's view of the Slack stand-in: everything the app sent, in order, as snapshots. */
export interface DemoSlack {
  apiUrl: string;
  /** The `response_url` the demo hands to the app with each request. */
  responseUrl: string;
  /** A position in the log; later lookups only see what came after it. */
  mark(): number;
  /** Top-level channel posts since the mark, oldest first. */
  channelMessagesSince(mark: number): PostedMessage[];
  /** Everything since the mark, oldest first. */
  since(mark: number): PostedMessage[];
  /** Waits (30 s at most) for a message since the mark that matches. */
  waitFor(mark: number, match: (message: PostedMessage) => boolean): Promise<PostedMessage>;
  /** The answer to a slash command: in the acknowledgement, or later through the response_url. */
  waitForReply(mark: number, answer: AppAnswer): Promise<PostedMessage>;
  render(message: { text?: unknown; blocks?: unknown }): string;
}

/** Starts the Slack Web API stand-in for the demo workspace and logs every message it receives. */
export async function startSlack(): Promise<DemoSlack> {
  const log: PostedMessage[] = [];
  const standin = await startSlackStandin({
    token: DEMO.botToken,
    teamId: DEMO.teamId,
    onMessage: (message, event) => {
      log.push({
        event,
        ts: message.ts,
        ...(message.threadTs ? { threadTs: message.threadTs } : {}),
        text: message.text,
        blocks: structuredClone(message.blocks),
      });
    },
  });
  onCleanup('Slack stand-in', () => standin.close());

  let ephemeralsSeen = 0;
  const sync = () => {
    while (ephemeralsSeen < standin.ephemerals.length) {
      const ephemeral = standin.ephemerals[ephemeralsSeen++];
      if (!ephemeral) continue;
      log.push({
        event: 'ephemeral',
        ts: '',
        text: ephemeral.text,
        blocks: ephemeral.blocks,
        ephemeralTo: ephemeral.user ?? 'response_url',
      });
    }
  };
  const since = (mark: number) => {
    sync();
    return log.slice(mark);
  };
  const waitFor = async (mark: number, match: (message: PostedMessage) => boolean) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = since(mark).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('Slack did not receive the expected message');
      await sleep(50);
    }
  };

  return {
    apiUrl: standin.apiUrl,
    responseUrl: standin.responseUrl(),
    mark: () => {
      sync();
      return log.length;
    },
    since,
    channelMessagesSince: (mark) => since(mark).filter((m) => m.event === 'posted' && !m.threadTs),
    waitFor,
    async waitForReply(mark, answer) {
      const blocks = answer.json?.blocks;
      const text = String(answer.json?.text ?? '');
      if (
        Array.isArray(blocks) &&
        blocks.length > 0 &&
        !/Looking that up/.test(JSON.stringify(blocks))
      ) {
        return { event: 'ephemeral', ts: '', text, blocks, ephemeralTo: 'ack' };
      }
      return waitFor(mark, (m) => m.event === 'ephemeral' && m.ephemeralTo === 'response_url');
    },
    render: (message) => standin.renderText(message),
  };
}
