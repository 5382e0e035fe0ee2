import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest, slashCommandBody } from '../../src/local/slack-standin/requests';
import { ALICE, CHANNEL, type Harness, SECRET, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Posts a form body signed with the app's secret, as Slack would. */
async function signedPost(body: string, signing: 'signed' | 'unsigned' = 'signed') {
  const response = await fetch(h.app.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signing === 'signed' ? signSlackRequest(body, SECRET) : {}),
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

// Bolt answers a request no listener acknowledges with 404 once its 2.9 s wait is over, so a
// 400 or a 200 below means the app answered without that wait (no wall-clock assertion needed).

describe('signed requests the app cannot act on', () => {
  it('answers payload=null with 400 and keeps serving', async () => {
    const nulls = await signedPost('payload=null');
    expect(nulls.status).toBe(400);
    const text = await signedPost('payload=%5B1%2C2%5D'); // [1,2]
    expect(text.status).toBe(400);
    const broken = await signedPost('payload=%7Bnot-json');
    expect(broken.status).toBe(400);

    // the process is still up and the app still answers
    const help = await h.command(ALICE, 'help');
    expect(help.status).toBe(200);
    expect(help.json.text).toContain('Usage');
  });

  it('still refuses an unsigned malformed body as unsigned (401), running nothing', async () => {
    const reply = await signedPost('payload=null', 'unsigned');
    expect(reply.status).toBe(401);
  });

  it('rejects an empty body and a click without actions with 400, not a late 404', async () => {
    const empty = await signedPost('');
    const noActions = await signedPost(
      `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions' }))}`,
    );
    expect([empty.status, noActions.status]).toEqual([400, 400]);
  });

  it('acknowledges another slash command with the usage, not a late 404', async () => {
    const body = slashCommandBody({
      text: 'x',
      userId: ALICE,
      teamId: h.slack.teamId,
      channelId: CHANNEL,
      responseUrl: h.slack.responseUrl(),
    }).replace('command=%2Fecr-check', 'command=%2Fother');
    const reply = await signedPost(body);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text).text).toContain('/ecr-check');
    expect(JSON.parse(reply.text).text).toContain('Usage');
  });
});
