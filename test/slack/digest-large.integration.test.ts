import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackStandin, startSlackStandin } from '../../src/local/slack-standin';
import { renderDigest } from '../../src/slack/render/digest';
import { createWebClient } from '../../src/slack/webClient';
import { makeScan } from './findings';

let slack: SlackStandin;
beforeAll(async () => {
  slack = await startSlackStandin();
});
afterAll(async () => {
  await slack?.close();
});

describe('a digest of 10,000 findings', () => {
  it('is accepted by the Web API stand-in and attaches the full list through files.uploadV2', async () => {
    const scan = makeScan(10_000);
    const digest = renderDigest(scan, { newFindingIds: ['finding-1'], fixed: [] });
    const client = createWebClient(slack.token, slack.apiUrl);

    const header = await client.chat.postMessage({ channel: 'C0BIG0001', ...digest.header });
    for (const card of digest.cards) {
      await client.chat.postMessage({ channel: 'C0BIG0001', ...card.message });
    }
    if (!digest.file) throw new Error('expected the full list as a file');
    if (!header.ts) throw new Error('the header was not posted');
    await client.filesUploadV2({
      channel_id: 'C0BIG0001',
      thread_ts: header.ts,
      filename: digest.file.filename,
      title: digest.file.title,
      content: digest.file.content,
    });

    expect(slack.calls.filter((c) => !c.ok)).toEqual([]);
    expect(slack.channelMessages('C0BIG0001')).toHaveLength(1 + digest.cards.length);
    const [file] = slack.files;
    expect(file?.threadTs).toBe(header.ts);
    expect(file?.content.split('\n').filter((l) => l.includes('\tfinding-'))).toHaveLength(10_000);
  });

  it('the stand-in refuses what Slack refuses: too many blocks, a section over 3,000 characters', async () => {
    const client = createWebClient(slack.token, slack.apiUrl);
    const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
    await expect(
      client.chat.postMessage({
        channel: 'C0BIG0001',
        text: 'x',
        blocks: Array.from({ length: 51 }, () => section('hi')) as never,
      }),
    ).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    await expect(
      client.chat.postMessage({
        channel: 'C0BIG0001',
        text: 'x',
        blocks: [section('y'.repeat(3001))] as never,
      }),
    ).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    await expect(
      client.chat.postMessage({
        channel: 'C0BIG0001',
        text: 'x',
        blocks: Array.from({ length: 5 }, () => section('z'.repeat(2900))) as never,
      }),
    ).rejects.toMatchObject({ data: { error: 'msg_too_long' } });
  });

  it('a bad token is refused', async () => {
    const client = createWebClient('xoxb-wrong', slack.apiUrl);
    await expect(client.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('a short Retry-After is honoured; a long one fails fast instead of stalling', async () => {
    const client = createWebClient(slack.token, slack.apiUrl);
    slack.rateLimit('auth.test', 1, 1);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    slack.rateLimit('auth.test', 120, 1);
    const started = Date.now();
    await expect(client.auth.test()).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
    });
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
