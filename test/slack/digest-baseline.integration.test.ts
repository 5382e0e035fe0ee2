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

describe('stopped changes', () => {
  it('the digest settles a change a crash left applying before it scans', async () => {
    const other = await startHarness();
    try {
      await runDigest({
        services: other.app.runtime.services,
        client: other.app.runtime.client,
        channelId: CHANNEL,
      });
      const [finding] = await other.store.listOpenFindings();
      if (!finding) throw new Error('no finding');
      const request = await other.app.runtime.services.requestRemediation(
        finding.id,
        'remove',
        ALICE,
      );
      // As if a worker had claimed the apply and died before doing anything, long ago.
      await other.store.transitionRequest(request.id, {
        from: ['requested'],
        to: 'applying',
        set: { attemptId: 'dead-worker', leaseUntil: '2000-01-01T00:00:00.000Z' },
        audit: { event: 'applying', actor: null, message: 'Applying (then the worker died).' },
      });
      expect(await other.store.listRequestsInFlight()).toHaveLength(1);

      await runDigest({
        services: other.app.runtime.services,
        client: other.app.runtime.client,
        channelId: CHANNEL,
      });

      expect(await other.store.listRequestsInFlight()).toEqual([]);
      const audit = (await other.store.history('team/app')).audit.map((event) => event.event);
      expect(audit).toContain('reconciling');
    } finally {
      await other.close();
    }
  });
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
