import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlSequences } from '../../src/local/slack-standin';
import { sendInteraction } from '../../src/local/slack-standin/requests';
import { ACCEPT_RISK_VIEW } from '../../src/slack/actionIds';
import { runDigest } from '../../src/slack/digest';
import { ALICE, BOB, CHANNEL, type Harness, PARTNER, SECRET, startHarness } from './harness';

/** What a hostile policy author writes to forge an approval link and ping the channel. */
const HOSTILE =
  'x <!channel> *URGENT* <https://evil.example/approve|Click here to approve> <@UVICTIM01>';

const HOSTILE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: HOSTILE,
      Effect: 'Allow',
      Principal: '*',
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
    {
      Sid: 'PartnerPull',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${PARTNER}:root` },
      Action: 'ecr:BatchGetImage',
    },
  ],
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy: HOSTILE_POLICY });
});
afterAll(async () => {
  await h?.close();
});

/** The only `<…>` Slack may act on: mentions of the people in this test. */
function unexpectedSequences(message: unknown): string[] {
  return controlSequences(message).filter((s) => !/^<@(UALICE001|UBOB00001)>$/.test(s));
}

/** Everything the app sent to Slack so far: Web API calls and response_url replies. */
function everythingSent(): unknown[] {
  return h.slack.calls.map((call) => call.args);
}

describe('policy and user text cannot become links or pings', () => {
  it('escapes a hostile Sid on the digest card, its confirm dialog and the approval card', async () => {
    await runDigest({
      services: h.app.runtime.services,
      client: h.app.runtime.client,
      channelId: CHANNEL,
    });
    const card = h.slack.channelMessages(CHANNEL)[1];
    if (!card) throw new Error('no card');
    // the Sid is still shown, as text
    expect(JSON.stringify(card.blocks)).toContain('&lt;!channel&gt;');

    await h.click(ALICE, card, 'Remediate');
    await h.app.idle();
    const approval = h.slack.thread(CHANNEL, card.ts).find((m) => m.text.includes('Remediation'));
    if (!approval) throw new Error('no approval card');
    const approvalText = h.slack.renderText(approval);
    expect(approvalText).toContain('What changes:');
    expect(approvalText).toContain('<https://evil.example/approve|Click here to approve>');

    for (const sent of everythingSent()) expect(unexpectedSequences(sent)).toEqual([]);
  });

  it('escapes the Sid in /ecr-check repo: statements, plan, before and after', async () => {
    const reply = await h.command(ALICE, 'repo team/app eu-west-1');
    expect(h.slack.renderText(reply.json)).toContain('*After*');
    expect(unexpectedSequences(reply.json)).toEqual([]);
  });

  it('escapes an accepted risk reason in the audit line, exceptions and history', async () => {
    const card = h.slack.channelMessages(CHANNEL)[1];
    const approval = h.slack
      .thread(CHANNEL, card?.ts ?? '')
      .find((m) => m.text.includes('Remediation'));
    if (!card || !approval) throw new Error('no card');
    await h.click(BOB, approval, 'Reject');
    await h.app.idle();

    const findingId = JSON.parse(
      card.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id)?.value ?? '{}',
    ).f;
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const submitted = await sendInteraction(
      h.app.url,
      { secret: SECRET },
      {
        type: 'view_submission',
        team: { id: h.slack.teamId, domain: 'ecr-check' },
        user: { id: ALICE, team_id: h.slack.teamId },
        api_app_id: 'A0ECRCHECK',
        view: {
          id: 'V1',
          type: 'modal',
          callback_id: ACCEPT_RISK_VIEW,
          private_metadata: JSON.stringify({ f: findingId, c: CHANNEL, t: card.ts }),
          state: {
            values: {
              reason: { value: { type: 'plain_text_input', value: `Known. ${HOSTILE}` } },
              expiry: { value: { type: 'datepicker', selected_date: until } },
            },
          },
        },
      },
    );
    expect(submitted.status).toBe(200);
    await h.app.idle();
    const audit = h.slack.thread(CHANNEL, card.ts).at(-1);
    expect(audit?.text).toContain('accepted this risk');

    const exceptions = await h.command(ALICE, 'exceptions');
    expect(h.slack.renderText(exceptions.json)).toContain('Known. x <!channel>');
    const history = await h.command(ALICE, 'history team/app');
    for (const reply of [exceptions.json, history.json]) {
      expect(unexpectedSequences(reply)).toEqual([]);
    }
    for (const sent of everythingSent()) expect(unexpectedSequences(sent)).toEqual([]);
  });
});
