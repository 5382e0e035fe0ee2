import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDigest } from '../../src/slack/digest';
import {
  ACCOUNT,
  ALICE,
  APP_POLICY,
  BOB,
  CHANNEL,
  type Harness,
  MALLORY,
  SECRET,
  startHarness,
} from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const policy = () => h.emulator.getRepositoryPolicy('eu-west-1', 'team/app');
const sets = () => h.emulator.calls({ op: 'SetRepositoryPolicy' });
const lastEphemeral = () => h.slack.ephemerals.at(-1)?.text ?? '';

describe('digest, Remediate, Approve, Revert through the real app', () => {
  it('posts the digest: a header and a card for the public repository', async () => {
    const outcome = await runDigest({
      services: h.app.runtime.services,
      client: h.app.runtime.client,
      channelId: CHANNEL,
    });
    expect(outcome.findings).toBe(1);

    const [header, card] = h.slack.channelMessages(CHANNEL);
    expect(h.slack.renderText(header ?? {})).toContain('1 finding(s)');
    const cardText = h.slack.renderText(card ?? {});
    expect(cardText).toContain('team/app');
    expect(cardText).toContain('public-pull');
    expect(cardText).toContain('[ Remediate ]  [ Accept risk ]');
    expect(h.slack.calls.every((c) => c.ok)).toBe(true);
  });

  it('refuses forged, stale and unsigned clicks, and nothing changes', async () => {
    const card = h.slack.channelMessages(CHANNEL)[1];
    if (!card) throw new Error('no card');
    const before = h.slack.calls.length;

    const forged = await h.click(ALICE, card, 'Remediate', { secret: 'not-the-secret' });
    const stale = await h.click(ALICE, card, 'Remediate', {
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    const unsigned = await h.click(ALICE, card, 'Remediate', 'unsigned');

    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
    await h.app.idle();
    expect(h.slack.calls.length).toBe(before);
    expect(h.slack.message(CHANNEL, card.ts)?.updates).toBe(0);
  });

  it('Remediate records a request and posts an approval card in the finding thread', async () => {
    const card = h.slack.channelMessages(CHANNEL)[1];
    if (!card) throw new Error('no card');

    const reply = await h.click(ALICE, card, 'Remediate');
    expect(reply.status).toBe(200);
    await h.app.idle();

    const updated = h.slack.renderText(h.slack.message(CHANNEL, card.ts) ?? {});
    expect(updated).toContain(`remediation requested by <@${ALICE}>`);
    expect(updated).not.toContain('[ Remediate ]');
    const thread = h.slack.thread(CHANNEL, card.ts).map((m) => h.slack.renderText(m));
    expect(thread.some((t) => t.includes('[ Approve ]  [ Reject ]'))).toBe(true);
    expect(thread.some((t) => t.includes(`<@${ALICE}> requested remediation`))).toBe(true);
    expect(policy()).toBe(APP_POLICY);
  });

  it('refuses self-approval and a stranger, and nothing changes', async () => {
    const card = h.slack.channelMessages(CHANNEL)[1];
    const approval = h.slack
      .thread(CHANNEL, card?.ts ?? '')
      .find((m) => m.text.includes('Remediation request'));
    if (!approval) throw new Error('no approval card');

    await h.click(ALICE, approval, 'Approve');
    await h.app.idle();
    expect(lastEphemeral()).toContain('another approver');

    await h.click(MALLORY, approval, 'Approve');
    await h.app.idle();
    expect(lastEphemeral()).toContain('Only approvers');

    expect(h.slack.message(CHANNEL, approval.ts)?.updates).toBe(0);
    expect(sets()).toBe(0);
    expect(policy()).toBe(APP_POLICY);

    const audit = await h.app.runtime.services.history('team/app');
    const refusals = audit.filter((event) => event.what.startsWith('Refused:'));
    expect(refusals.map((event) => event.who)).toEqual([ALICE, MALLORY]);
  });

  it('Approve by another approver (through a user group) applies once, even when double-clicked', async () => {
    const card = h.slack.channelMessages(CHANNEL)[1];
    const approval = h.slack
      .thread(CHANNEL, card?.ts ?? '')
      .find((m) => m.text.includes('Remediation request'));
    if (!approval) throw new Error('no approval card');
    const snapshot = { ...approval, blocks: [...approval.blocks] };

    await Promise.all([h.click(BOB, snapshot, 'Approve'), h.click(BOB, snapshot, 'Approve')]);
    await h.app.idle();

    expect(sets()).toBe(1);
    const now = JSON.parse(policy() ?? '{}');
    expect(JSON.stringify(now)).not.toContain('"Principal":"*"');
    expect(now.Statement.map((s: { Sid: string }) => s.Sid)).toContain('PartnerPull');

    const cardNow = h.slack.renderText(h.slack.message(CHANNEL, approval.ts) ?? {});
    expect(cardNow).toContain('applied');
    expect(cardNow).toContain('[ Revert ]');
    const thread = h.slack.thread(CHANNEL, card?.ts ?? '').map((m) => m.text);
    expect(thread.some((t) => t.includes('applied'))).toBe(true);
    expect(h.slack.renderText(h.slack.message(CHANNEL, card?.ts ?? '') ?? {})).toContain(
      'remediated',
    );
  });

  it('Revert puts back the original text byte for byte', async () => {
    const card = h.slack.channelMessages(CHANNEL)[1];
    const approval = h.slack
      .thread(CHANNEL, card?.ts ?? '')
      .find((m) => m.text.includes('Remediation request'));
    if (!approval) throw new Error('no approval card');

    await h.click(BOB, approval, 'Revert');
    await h.app.idle();

    expect(policy()).toBe(APP_POLICY);
    const cardNow = h.slack.renderText(h.slack.message(CHANNEL, approval.ts) ?? {});
    expect(cardNow).toContain(`reverted by <@${BOB}>`);
    expect(cardNow).not.toContain('[ Revert ]');
    expect(h.slack.calls.filter((c) => !c.ok)).toEqual([]);
  });
});

describe('/ecr-check', () => {
  it('answers help and unknown input with usage, and odd arguments clearly', async () => {
    const help = await h.command(ALICE, 'help');
    expect(help.json.text).toContain('Usage');
    const unknown = await h.command(ALICE, 'dance');
    expect(unknown.json.text).toContain('I do not know that command');
    const odd = await h.command(ALICE, 'repo "Ünï"');
    expect(odd.json.text).toContain('is not a repository name');
  });

  it('shows a repository policy with verdicts and the remediation before/after', async () => {
    const reply = await h.command(ALICE, 'repo team/app eu-west-1');
    const text = h.slack.renderText(reply.json);
    expect(text).toContain('EveryonePull');
    expect(text).toContain('public-pull');
    expect(text).toContain('*After*');
    expect(text).toContain(ACCOUNT);
  });

  it('scans: "scanning…" at once, then the result on the response_url', async () => {
    const reply = await h.command(ALICE, 'scan eu-west-1');
    expect(reply.json.text).toContain('Scanning eu-west-1');
    await h.app.idle();
    const result = h.slack.ephemerals.filter((e) => e.via === 'response_url').at(-1);
    expect(h.slack.renderText(result ?? {})).toContain('Scan finished');
  });

  it('refuses an unsigned slash command', async () => {
    const reply = await h.command(ALICE, 'scan', 'unsigned');
    expect(reply.status).toBe(401);
  });
});
