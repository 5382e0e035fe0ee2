import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { messageToText } from './render';
import { checkMessage, checkView, type Rejection } from './validate';

export { controlSequences, messageToText } from './render';
export { blockProblems, checkMessage, checkView } from './validate';

/** One Web API call as the stand-in received and answered it. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
}

/** A message in a channel as it stands now (updates replace its text and blocks). */
export interface PostedMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON as the app sent it.
  blocks: any[];
  /** How many times chat.update changed it. */
  updates: number;
}

/** Something only one user saw: chat.postEphemeral or a response_url reply. */
export interface EphemeralMessage {
  channel?: string;
  user?: string;
  via: 'chat.postEphemeral' | 'response_url';
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON as the app sent it.
  blocks: any[];
}

/** A file shared through files.uploadV2. */
export interface SharedFile {
  id: string;
  filename: string;
  title?: string;
  channel?: string;
  threadTs?: string;
  content: string;
}

/** Options of the stand-in; all have defaults. */
export interface SlackStandinOptions {
  token?: string;
  teamId?: string;
  /** User group id → members, for usergroups.users.list. */
  userGroups?: Record<string, string[]>;
  /** Called whenever a message is posted or updated (the demo prints it). */
  onMessage?: (message: PostedMessage, event: 'posted' | 'updated') => void;
}

/** A running stand-in for Slack's Web API (and response_urls and upload URLs). */
export interface SlackStandin {
  /** Base URL (`http://127.0.0.1:PORT`). */
  url: string;
  /** Value for SLACK_API_URL. */
  apiUrl: string;
  token: string;
  teamId: string;
  calls: RecordedCall[];
  messages: PostedMessage[];
  ephemerals: EphemeralMessage[];
  files: SharedFile[];
  // biome-ignore lint/suspicious/noExplicitAny: views as the app sent them.
  views: any[];
  userGroups: Map<string, string[]>;
  /** A fresh response_url for a slash command or click. */
  responseUrl(): string;
  /** Calls of one method, in order. */
  callsOf(method: string): RecordedCall[];
  /** Top-level channel messages (not thread replies), oldest first. */
  channelMessages(channel?: string): PostedMessage[];
  /** Replies in a thread, oldest first. */
  thread(channel: string, ts: string): PostedMessage[];
  /** A message by its ts. */
  message(channel: string, ts: string): PostedMessage | undefined;
  /** The message as terminal text. */
  renderText(message: { text?: unknown; blocks?: unknown }): string;
  /** Writes each message's Block Kit JSON to `dir` (one file a message, by ts); returns the paths. */
  writeBlockKit(dir: string): Promise<string[]>;
  /** Answers the next `times` calls of `method` with HTTP 429 and this Retry-After. */
  rateLimit(method: string, retryAfterSeconds: number, times?: number): void;
  close(): Promise<void>;
}

type Answer = Record<string, unknown>;

/**
 * Starts a local stand-in for Slack's Web API on 127.0.0.1 (port 0 by default). It implements the
 * methods ecr-check calls, checks the bot token, records every call, and refuses payloads the
 * way Slack does (invalid_blocks, msg_too_long, no_text), so tests catch Block Kit limit bugs.
 */
export async function startSlackStandin(
  options: SlackStandinOptions = {},
  port = 0,
): Promise<SlackStandin> {
  const token = options.token ?? 'xoxb-standin-token';
  const teamId = options.teamId ?? 'T0STANDIN';
  const calls: RecordedCall[] = [];
  const messages: PostedMessage[] = [];
  const ephemerals: EphemeralMessage[] = [];
  const files: SharedFile[] = [];
  const views: unknown[] = [];
  const uploads = new Map<string, { filename: string; content?: string }>();
  const limits = new Map<string, { retryAfter: number; times: number }>();
  const userGroups = new Map(Object.entries(options.userGroups ?? {}));
  let clock = Math.floor(Date.now() / 1000);
  let seq = 0;
  let nextId = 0;
  const nextTs = () => `${clock}.${String(++seq).padStart(6, '0')}`;

  const find = (channel: unknown, ts: unknown) =>
    messages.find((m) => m.channel === channel && m.ts === ts);

  const methods: Record<string, (args: Answer) => Answer | Rejection> = {
    'auth.test': () => ({ team_id: teamId, user_id: 'U0STANDINBOT', bot_id: 'B0STANDIN' }),
    'chat.postMessage': (args) => {
      const problem = checkMessage(args);
      if (problem) return problem;
      if (typeof args.channel !== 'string') return { error: 'channel_not_found', messages: [] };
      const message: PostedMessage = {
        channel: args.channel,
        ts: nextTs(),
        text: String(args.text ?? ''),
        blocks: (args.blocks as unknown[] | undefined) ?? [],
        updates: 0,
        ...(typeof args.thread_ts === 'string' ? { threadTs: args.thread_ts } : {}),
      };
      messages.push(message);
      options.onMessage?.(message, 'posted');
      return { channel: message.channel, ts: message.ts, message: { text: message.text } };
    },
    'chat.update': (args) => {
      const problem = checkMessage(args);
      if (problem) return problem;
      const message = find(args.channel, args.ts);
      if (!message) return { error: 'message_not_found', messages: [] };
      message.text = String(args.text ?? '');
      if (args.blocks !== undefined) message.blocks = args.blocks as unknown[];
      message.updates++;
      options.onMessage?.(message, 'updated');
      return { channel: message.channel, ts: message.ts };
    },
    'chat.postEphemeral': (args) => {
      const problem = checkMessage(args);
      if (problem) return problem;
      ephemerals.push({
        channel: String(args.channel),
        user: String(args.user),
        via: 'chat.postEphemeral',
        text: String(args.text ?? ''),
        blocks: (args.blocks as unknown[] | undefined) ?? [],
      });
      return { message_ts: nextTs() };
    },
    'views.open': (args) => {
      if (typeof args.trigger_id !== 'string') return { error: 'invalid_trigger_id', messages: [] };
      const problem = checkView(args.view);
      if (problem) return problem;
      views.push(args.view);
      return { view: { id: `V${++nextId}` } };
    },
    'usergroups.users.list': (args) => {
      const members = userGroups.get(String(args.usergroup));
      return members ? { users: members } : { error: 'no_such_subteam', messages: [] };
    },
    'files.getUploadURLExternal': (args) => {
      const id = `F${++nextId}`;
      uploads.set(id, { filename: String(args.filename ?? 'file') });
      return { file_id: id, upload_url: `${base}/upload/${id}` };
    },
    'files.completeUploadExternal': (args) => {
      const list = (args.files as { id: string; title?: string }[] | undefined) ?? [];
      for (const entry of list) {
        const upload = uploads.get(entry.id);
        if (!upload || upload.content === undefined)
          return { error: 'file_not_found', messages: [] };
        files.push({
          id: entry.id,
          filename: upload.filename,
          content: upload.content,
          ...(entry.title ? { title: entry.title } : {}),
          ...(typeof args.channel_id === 'string' ? { channel: args.channel_id } : {}),
          ...(typeof args.thread_ts === 'string' ? { threadTs: args.thread_ts } : {}),
        });
      }
      return { files: list.map((f) => ({ id: f.id })) };
    },
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const contentType = String(req.headers['content-type'] ?? '');

    if (path.startsWith('/upload/')) {
      const upload = uploads.get(path.slice('/upload/'.length));
      if (!upload || req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(404).end();
        return;
      }
      const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
      const file = form.get('body') ?? form.get('file');
      upload.content = typeof file === 'string' ? file : await (file as Blob | null)?.text();
      res.writeHead(200).end('OK');
      return;
    }

    if (path.startsWith('/response/')) {
      const payload = JSON.parse(raw.toString('utf8') || '{}');
      const problem = checkMessage(payload);
      calls.push({
        method: 'response_url',
        args: payload,
        ok: !problem,
        ...(problem ? { error: problem.error } : {}),
      });
      if (problem) {
        res.writeHead(400).end(problem.error);
        return;
      }
      ephemerals.push({
        via: 'response_url',
        text: String(payload.text ?? ''),
        blocks: payload.blocks ?? [],
      });
      res.writeHead(200).end('ok');
      return;
    }

    const method = path.replace(/^\/api\//, '');
    const args = parseArgs(raw.toString('utf8'), contentType);
    const limit = limits.get(method);
    if (limit && limit.times > 0) {
      limit.times--;
      calls.push({ method, args, ok: false, error: 'ratelimited' });
      res.writeHead(429, { 'retry-after': String(limit.retryAfter) }).end();
      return;
    }
    const auth = req.headers.authorization?.replace(/^Bearer /, '') ?? args.token;
    let answer: Answer;
    if (!auth) answer = { ok: false, error: 'not_authed' };
    else if (auth !== token) answer = { ok: false, error: 'invalid_auth' };
    else if (!methods[method]) answer = { ok: false, error: 'unknown_method' };
    else {
      const result = methods[method](args);
      answer =
        'error' in result
          ? { ok: false, error: result.error, response_metadata: { messages: result.messages } }
          : { ok: true, ...result };
    }
    calls.push({
      method,
      args,
      ok: answer.ok === true,
      ...(answer.ok ? {} : { error: String(answer.error) }),
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    apiUrl: `${base}/api/`,
    token,
    teamId,
    calls,
    messages,
    ephemerals,
    files,
    views,
    userGroups,
    responseUrl: () => `${base}/response/${++nextId}`,
    callsOf: (method) => calls.filter((c) => c.method === method),
    channelMessages: (channel) =>
      messages.filter((m) => !m.threadTs && (channel === undefined || m.channel === channel)),
    thread: (channel, ts) => messages.filter((m) => m.channel === channel && m.threadTs === ts),
    message: (channel, ts) => find(channel, ts),
    renderText: messageToText,
    async writeBlockKit(dir) {
      await mkdir(dir, { recursive: true });
      const paths: string[] = [];
      for (const m of messages) {
        const path = join(dir, `${m.channel}-${m.ts.replace('.', '_')}.json`);
        await writeFile(path, `${JSON.stringify({ text: m.text, blocks: m.blocks }, null, 2)}\n`);
        paths.push(path);
      }
      return paths;
    },
    rateLimit(method, retryAfterSeconds, times = 1) {
      limits.set(method, { retryAfter: retryAfterSeconds, times });
    },
    close: () =>
      new Promise<void>((resolve) => {
        clock++;
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Web API arguments arrive form-encoded (objects as JSON strings) or as JSON. */
function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? JSON.parse(raw) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if ((key === 'blocks' || key === 'view' || key === 'files' || key === 'attachments') && value) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // Slack answers invalid_blocks for unparseable JSON; keep the raw text so the check fails.
      }
    }
    args[key] = value;
  }
  return args;
}
