import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDigest } from '../../src/slack/digest';
import { ALICE, CHANNEL, type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.emulator.addRepository('eu-west-1', { name: 'team/web', policy: OPEN_POLICY });
});
afterAll(async () => {
  await h?.close();
});

const OPEN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }],
});

/** Runs the digest and returns what it posted: the header's text and each card's text. */
async function digest() {
  const before = h.slack.channelMessages(CHANNEL).length;
  await runDigest({
    services: h.app.runtime.services,
    client: h.app.runtime.client,
    channelId: CHANNEL,
  });
  const [header, ...cards] = h.slack.channelMessages(CHANNEL).slice(before);
  return {
    header: h.slack.renderText(header ?? {}),
    cards: cards.map((card) => h.slack.renderText(card)),
  };
}

const findingOf = async (repository: string) => {
  const finding = (await h.store.listOpenFindings()).find((f) => f.repository === repository);
  if (!finding) throw new Error(`no open finding for ${repository}`);
  return finding;
};

describe('the digest shows each finding as the store has it', () => {
  it('first shows both findings open, with Remediate and Accept risk', async () => {
    const first = await digest();
    expect(first.header).toContain('2 finding(s)');
    expect(first.cards).toHaveLength(2);
    for (const card of first.cards) {
      expect(card).toContain('Status: open');
      expect(card).toContain('[ Remediate ]  [ Accept risk ]');
    }
  });

  it('an accepted risk gets no card, and the header counts it apart', async () => {
    const web = await findingOf('team/web');
    const expiry = new Date(Date.now() + 30 * 24 * 3600 * 1000);
    await h.app.runtime.services.acceptRisk(web.id, ALICE, 'public base image', expiry);

    const next = await digest();
    expect(next.cards).toHaveLength(1);
    expect(next.cards.join('\n')).not.toContain('team/web');
    expect(next.cards[0]).toContain('team/app');
    expect(next.header).toContain('1 finding(s)');
    expect(next.header).toContain('1 accepted risk not shown; see `/ecr-check exceptions`');
  });

  it('a pending remediation request shows as such, without Remediate or Accept risk', async () => {
    const app = await findingOf('team/app');
    await h.app.runtime.services.requestRemediation(app.id, 'remove', ALICE);

    const next = await digest();
    expect(next.cards).toHaveLength(1);
    expect(next.cards[0]).toContain('team/app');
    expect(next.cards[0]).toContain('Status: remediation requested');
    expect(next.cards[0]).not.toContain('Remediate ]');
    expect(next.cards[0]).not.toContain('Accept risk');
    expect(next.header).toContain('1 accepted risk not shown');
  });
});
