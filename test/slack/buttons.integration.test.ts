import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendInteraction } from '../../src/local/slack-standin/requests';
import { runDigest } from '../../src/slack/digest';
import { ALICE, APP_POLICY, BOB, CHANNEL, type Harness, SECRET, startHarness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await runDigest({
    services: h.app.runtime.services,
    client: h.app.runtime.client,
    channelId: CHANNEL,
  });
});
afterEach(async () => {
  await h?.close();
});

const policy = () => h.emulator.getRepositoryPolicy('eu-west-1', 'team/app');
const findingCard = () => {
  const card = h.slack.channelMessages(CHANNEL)[1];
  if (!card) throw new Error('no finding card');
  return card;
};
const cardText = () => h.slack.renderText(h.slack.message(CHANNEL, findingCard().ts) ?? {});
const threadTexts = () => h.slack.thread(CHANNEL, findingCard().ts).map((m) => m.text);
const approvalCard = () => {
  const card = h.slack
    .thread(CHANNEL, findingCard().ts)
    .find((m) => m.text.includes('Remediation request'));
  if (!card) throw new Error('no approval card');
  return card;
};
const approvalText = () => h.slack.renderText(h.slack.message(CHANNEL, approvalCard().ts) ?? {});

/** Clicks Remediate as `user` and waits for the approval card. */
async function remediate(user: string) {
  expect((await h.click(user, findingCard(), 'Remediate')).status).toBe(200);
  await h.app.idle();
  return approvalCard();
}

/** Submits the last modal the app opened, filling its inputs the way Slack reports them. */
async function submitLastView(user: string, fill: { reason: string; date: string }) {
  // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON as the app sent it.
  const view: any = h.slack.views.at(-1);
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks) {
    if (block.type !== 'input') continue;
    const el = block.element;
    values[block.block_id] = {
      [el.action_id]:
        el.type === 'datepicker'
          ? { type: el.type, selected_date: fill.date }
          : { type: el.type, value: fill.reason },
    };
  }
  return sendInteraction(
    h.app.url,
    { secret: SECRET },
    {
      type: 'view_submission',
      team: { id: h.slack.teamId, domain: 'ecr-check' },
      user: { id: user, team_id: h.slack.teamId },
      api_app_id: 'A0ECRCHECK',
      view: { ...view, id: 'V1', type: 'modal', state: { values } },
    },
  );
}

describe('Accept risk', () => {
  it('opens the modal in Slack and records the accepted risk on submit', async () => {
    expect((await h.click(ALICE, findingCard(), 'Accept risk')).status).toBe(200);
    await h.app.idle();

    const opened = h.slack.callsOf('views.open');
    expect(opened.map((c) => c.ok)).toEqual([true]);
    expect(h.slack.ephemerals).toEqual([]);

    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const submitted = await submitLastView(ALICE, {
      reason: 'Public base image, by design.',
      date: until,
    });
    expect(submitted.status).toBe(200);
    expect(submitted.text).not.toContain('errors');
    await h.app.idle();

    expect(cardText()).toContain(`risk accepted by <@${ALICE}> until ${until}`);
    const exceptions = h.slack.renderText((await h.command(ALICE, 'exceptions')).json);
    expect(exceptions).toContain('team/app');
    expect(exceptions).toContain('Public base image, by design.');
  });

  it('shows the modal an error for an impossible date and records nothing', async () => {
    await h.click(ALICE, findingCard(), 'Accept risk');
    await h.app.idle();
    const year = new Date().getUTCFullYear() + 1;
    const submitted = await submitLastView(ALICE, {
      reason: 'Known and fine.',
      date: `${year}-02-30`,
    });
    expect(submitted.text).toContain('Pick a date');
    const exceptions = h.slack.renderText((await h.command(ALICE, 'exceptions')).json);
    expect(exceptions).not.toContain('Known and fine.');
  });
});

describe('Reject', () => {
  it('lets a requester who is not an approver withdraw their own request', async () => {
    const requester = 'UCAROL001';
    await remediate(requester);

    await h.click(requester, approvalCard(), 'Reject');
    await h.app.idle();

    expect(h.slack.ephemerals.map((e) => e.text)).toEqual([]);
    expect(approvalText()).toContain(`withdrawn by <@${requester}>`);
    expect(approvalText()).not.toContain('[ Approve ]');
    expect(threadTexts().some((t) => t.includes(`<@${requester}> withdrew`))).toBe(true);
    expect(cardText()).toContain('[ Remediate ]');
    const history = await h.app.runtime.services.history('team/app');
    expect(history.some((e) => e.who === requester && /rejected/i.test(e.what))).toBe(true);
  });

  it('still refuses someone who is neither an approver nor the requester', async () => {
    await remediate(ALICE);
    await h.click('UCAROL001', approvalCard(), 'Reject');
    await h.app.idle();

    expect(h.slack.ephemerals.at(-1)?.text).toContain('Nothing was changed');
    expect(approvalText()).toContain('[ Approve ]  [ Reject ]');
  });

  it('says "rejected by" when an approver rejects', async () => {
    await remediate(ALICE);
    await h.click(BOB, approvalCard(), 'Reject');
    await h.app.idle();
    expect(approvalText()).toContain(`rejected by <@${BOB}>`);
  });
});

describe('Approve refused at apply time', () => {
  it('puts the finding card back to open with its buttons and leaves the policy alone', async () => {
    await remediate(ALICE);
    const drifted = APP_POLICY.replace('"EveryonePull"', '"EveryonePullEdited"');
    h.emulator.setRepositoryPolicy('eu-west-1', 'team/app', drifted);

    await h.click(BOB, approvalCard(), 'Approve');
    await h.app.idle();

    expect(policy()).toBe(drifted);
    expect(cardText()).toContain('[ Remediate ]  [ Accept risk ]');
    expect(cardText()).not.toContain('waiting for an approver');
    expect(approvalText()).toContain('failed');
    expect(approvalText()).not.toContain('[ Approve ]');
    expect(threadTexts().some((t) => t.includes('Rescan and request again'))).toBe(true);
  });
});

describe('Revert', () => {
  it.each([
    ['two approvers click Revert at once', ALICE],
    ['the same approver double-clicks Revert', BOB],
  ])('announces a revert once when %s', async (_case, secondClicker) => {
    await remediate(ALICE);
    await h.click(BOB, approvalCard(), 'Approve');
    await h.app.idle();
    const applied = h.slack.message(CHANNEL, approvalCard().ts);
    if (!applied) throw new Error('no applied card');
    const snapshot = { ...applied, blocks: [...applied.blocks] };

    await Promise.all([
      h.click(BOB, snapshot, 'Revert'),
      h.click(secondClicker, snapshot, 'Revert'),
    ]);
    await h.app.idle();

    expect(policy()).toBe(APP_POLICY);
    const announced = threadTexts().filter((t) => t.includes('the original policy is back'));
    expect(announced).toHaveLength(1);
    expect(approvalText()).toContain('reverted by');
    expect(approvalText()).not.toContain('reverting');
    if (secondClicker === BOB) expect(approvalText()).toContain(`reverted by <@${BOB}>`);
  });
});
