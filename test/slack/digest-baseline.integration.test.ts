import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDigest } from '../../src/slack/digest';
import { ALICE, CHANNEL, type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const digest = () =>
  runDigest({ services: h.app.runtime.services, client: h.app.runtime.client, channelId: CHANNEL });
const lastHeader = () => {
  const headers = h.slack
    .channelMessages(CHANNEL)
    .filter((m) => m.text.startsWith('ECR exposure digest'));
  return h.slack.renderText(headers.at(-1) ?? {});
};

const OPEN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }],
});

describe('what the digest calls new', () => {
  it('an ad-hoc scan is no baseline: the first digest presents everything as new', async () => {
    await h.command(ALICE, 'scan eu-west-1');
    await h.app.idle();

    await digest();
    expect(lastHeader()).toContain('First digest');
    expect(lastHeader()).toContain('every finding is new (1)');
    expect(lastHeader()).toContain('team/app');
  });

  it('a digest Slack never received is no baseline either', async () => {
    h.emulator.addRepository('eu-west-1', { name: 'team/web', policy: OPEN_POLICY });
    h.slack.rateLimit('chat.postMessage', 600); // Slack refuses the header: the digest fails
    await expect(digest()).rejects.toThrow();

    await digest();
    expect(lastHeader()).toContain('New since the last digest (1):* `team/web`');
  });

  it('a posted digest is: the next one has nothing new', async () => {
    await digest();
    expect(lastHeader()).toContain('New since the last digest (0):* none');
  });
});
