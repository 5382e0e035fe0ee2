import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { EcrEmulator } from '../ecr-emulator';
import { cleanup, installExitHandlers, runChild, sleep } from './cleanup';
import { JAVA_MISSING, javaVersion } from './java';
import { Narrator } from './narrator';
import { type PostedMessage, startSlack } from './slackSide';
import { type DemoUser, SlackClient } from './slackUser';
import {
  CLI,
  childEnvironment,
  DEMO,
  loadDemoEstate,
  ROOT,
  startEmulator,
  startServe,
  startStore,
} from './stack';
import type { DemoSummary } from './summary';

/** Where the demo writes what it shows: messages as Block Kit JSON, the audit trail, a summary. */
const OUT_DIR = process.env.ECR_CHECK_DEMO_DIR ?? join(ROOT, '.demo');

/**
 * `npm run demo`: the whole loop of ecr-check on 127.0.0.1 with no AWS account and no Slack, told
 * step by step. Exits 0 when every step did what it should, 1 otherwise, and stops every process it
 * started in both cases (and on Ctrl-C).
 */
async function main(): Promise<number> {
  installExitHandlers();
  quietNodeVersionWarning();
  const started = Date.now();
  const slack = await startSlack();
  const narrator = new Narrator(join(OUT_DIR, 'messages'), slack.render);

  narrator.step('Starting everything on 127.0.0.1 (no AWS account, no Slack, no credentials)');
  const java = javaVersion();
  if (!java) {
    process.stderr.write(`\n${JAVA_MISSING}\n`);
    return 1;
  }
  narrator.aside(`Java found: ${java}`);

  const estate = loadDemoEstate();
  const emulator = await startEmulator(estate);
  narrator.say(`• ECR emulator (ECR, ECR Public, STS) on ${emulator.url}`);
  const store = await startStore();
  narrator.say(`• DynamoDB Local, in memory, on ${store.endpoint} (table ${DEMO.table})`);
  narrator.say(`• Slack Web API stand-in on ${slack.apiUrl}`);
  const env = childEnvironment(emulator, store, slack.apiUrl);
  const serve = await startServe(env);
  narrator.say(`• ecr-check serve (the real Slack app) on ${serve.url}`);
  const pids = [serve.child.process.pid ?? 0, store.pid].filter((pid) => pid > 0);

  const client = new SlackClient({
    appUrl: serve.url,
    signingSecret: DEMO.signingSecret,
    teamId: DEMO.teamId,
    channelId: DEMO.channelId,
    responseUrl: slack.responseUrl,
  });

  // 1. The daily digest.
  narrator.step('1. The daily digest (`ecr-check digest`, as the schedule runs it every morning)');
  const mark = slack.mark();
  const digest = await runChild('ecr-check digest', process.execPath, [CLI, 'digest'], env);
  if (digest.code !== 0) throw new Error(`ecr-check digest failed:\n${digest.output}`);
  const digestMessages = slack.channelMessagesSince(mark);
  const [header, ...cards] = digestMessages;
  if (!header) throw new Error('the digest posted nothing');
  narrator.message('digest-header', 'chat.postMessage', header);
  cards.forEach((card, index) => {
    if (index < 3) narrator.message(`digest-card-${index + 1}`, 'chat.postMessage', card);
    else narrator.message(`digest-card-${index + 1}`, 'chat.postMessage', card, { quiet: true });
  });
  const findings = findingCount(header, cards.length);
  if (cards.length > 3) {
    narrator.aside(`  …and ${cards.length - 3} more cards, saved next to the ones above.`);
  }

  // 2. /ecr-check repo NAME for the worst finding.
  const worst = cards.find((card) => buttonOf(card, 'finding.remediate'));
  if (!worst) throw new Error('the digest has no finding that can be remediated');
  const { repository, region } = whereOf(worst);
  narrator.step(`2. /ecr-check repo ${repository} ${region}: the worst finding, before and after`);
  const policyBefore = emulator.getRepositoryPolicy(region, repository);
  const replyMark = slack.mark();
  const answer = await client.command(DEMO.alice, `repo ${repository} ${region}`);
  const report = await slack.waitForReply(replyMark, answer);
  narrator.message('repo-report', 'reply to /ecr-check repo (only Alice sees it)', report);

  // 3. Remediate, a refused self-approval, Approve by an approver.
  narrator.step('3. Remediate (Alice), Alice tries to approve her own request, Bob approves');
  narrator.policy(`Policy of ${repository} in the emulator before:`, policyBefore);
  const remediate = buttonOf(worst, 'finding.remediate');
  const afterRemediate = slack.mark();
  await click(client, DEMO.alice, worst, remediate);
  const requestCard = await slack.waitFor(
    afterRemediate,
    (m) => m.threadTs === worst.ts && buttonOf(m, 'request.approve') !== null,
  );
  narrator.message('approval-card', 'chat.postMessage in the thread', requestCard);

  const selfMark = slack.mark();
  await click(client, DEMO.alice, requestCard, buttonOf(requestCard, 'request.approve'));
  const refusal = await slack.waitFor(selfMark, (m) => m.ephemeralTo === DEMO.alice.id);
  narrator.message('self-approval-refused', 'chat.postEphemeral to Alice', refusal);
  const selfApprovalRefused =
    emulator.getRepositoryPolicy(region, repository) === policyBefore &&
    /another approver|own/i.test(textOf(refusal));

  const approveMark = slack.mark();
  await click(client, DEMO.bob, requestCard, buttonOf(requestCard, 'request.approve'));
  const policyAfterRemediation = await waitForPolicy(emulator, region, repository, (p) => {
    return p !== policyBefore;
  });
  const applied = await slack.waitFor(
    approveMark,
    (m) => m.ts === requestCard.ts && buttonOf(m, 'request.revert') !== null,
  );
  narrator.message('approval-card-applied', 'chat.update of the approval card', applied);
  narrator.policy(`Policy of ${repository} in the emulator after:`, policyAfterRemediation);

  // 4. Revert.
  narrator.step('4. Revert (Bob): the policy goes back exactly as it was');
  const revertMark = slack.mark();
  await click(client, DEMO.bob, applied, buttonOf(applied, 'request.revert'));
  const policyAfterRevert = await waitForPolicy(
    emulator,
    region,
    repository,
    (p) => p !== policyAfterRemediation,
  );
  const reverted = await slack.waitFor(
    revertMark,
    (m) => m.ts === requestCard.ts && /reverted/i.test(textOf(m)),
  );
  narrator.message('approval-card-reverted', 'chat.update of the approval card', reverted);
  narrator.policy(`Policy of ${repository} in the emulator after Revert:`, policyAfterRevert);
  const restoredByteForByte = policyAfterRevert === policyBefore;
  narrator.say(
    restoredByteForByte
      ? `✔ Byte-identical: the restored text is the original, all ${Buffer.byteLength(policyBefore ?? '')} bytes, whitespace included.`
      : '✘ The restored text differs from the original.',
  );

  // 5. What happened, and where the audit trail is.
  narrator.step('5. What happened, and where the audit trail is');
  const history = await runChild(
    'ecr-check history',
    process.execPath,
    [CLI, 'history', repository, '--region', region],
    env,
  );
  const auditFile = join(OUT_DIR, 'audit.txt');
  const auditTrailShown = history.code === 0;
  if (auditTrailShown) {
    writeFileSync(auditFile, history.output);
    narrator.say(history.output.trimEnd());
  } else {
    narrator.say(
      `(\`ecr-check history\` could not show the store's audit trail: ${history.output.split('\n')[0]})`,
    );
  }
  narrator.say('The thread under the finding card, as Slack shows it:');
  for (const line of thread(slack.since(mark), worst.ts)) narrator.aside(`  thread: ${line}`);

  const summary: DemoSummary = {
    repository,
    region,
    findings,
    policyBefore,
    policyAfterRemediation,
    policyAfterRevert,
    restoredByteForByte,
    selfApprovalRefused,
    auditTrailShown,
    messages: narrator.files.map((file) => relative(ROOT, file)),
    pids,
  };
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

  const ok =
    restoredByteForByte &&
    selfApprovalRefused &&
    auditTrailShown &&
    policyAfterRemediation !== policyBefore;
  narrator.say(
    [
      '',
      `The digest found ${findings} findings in the sample account (${Object.keys(estate.regions ?? {}).length} regions with repositories, and ECR Public).`,
      `Alice asked to remediate ${repository} (${region}); her own approval was refused; Bob approved;`,
      'the worker kept a backup, changed the policy, and Revert put the original back byte for byte.',
      auditTrailShown
        ? `Every decision is in the store's audit trail (above; also in ${relative(ROOT, auditFile)}).`
        : "Every decision is in the store's audit trail.",
      'On AWS it lives in the DynamoDB table of the CDK stack; `npx ecr-check history REPOSITORY`',
      'reads it there, and `npx ecr-check revert REQUEST_ID --yes` reverts without Slack.',
      `Slack messages as Block Kit JSON: ${relative(ROOT, narrator.messagesDir)}/ (paste into Block Kit Builder).`,
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s. ${ok ? 'Every step did what it should.' : 'Some step did not do what it should (see above).'}`,
    ].join('\n'),
  );
  return ok ? 0 : 1;
}

/**
 * The AWS SDK warns once per process that future versions will need Node 22; on Node 20 that is
 * true and harmless, and it would cut the demo's story in two. Other warnings still print.
 */
function quietNodeVersionWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (`${warning.name} ${warning.message}`.includes('NodeVersionSupportWarning')) return;
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}

/** The total the digest header announces ("*22 finding(s)*"), or the number of cards. */
function findingCount(header: PostedMessage, cards: number): number {
  const match = /\*(\d+) finding/.exec(JSON.stringify(header.blocks));
  return match ? Number(match[1]) : cards;
}

/** The button with this action id on a message, or null. */
function buttonOf(message: PostedMessage, actionId: string) {
  for (const block of (message.blocks ?? []) as { type: string; elements?: unknown[] }[]) {
    if (block.type !== 'actions') continue;
    for (const element of (block.elements ?? []) as {
      action_id?: string;
      value?: string;
      block_id?: string;
    }[]) {
      if (element.action_id === actionId && element.value) {
        return { actionId, value: element.value };
      }
    }
  }
  return null;
}

async function click(
  client: SlackClient,
  user: DemoUser,
  message: PostedMessage,
  button: { actionId: string; value: string } | null,
): Promise<void> {
  if (!button) throw new Error('the button to click is missing');
  const answer = await client.click(user, button, {
    ts: message.ts,
    ...(message.threadTs ? { threadTs: message.threadTs } : {}),
    blocks: message.blocks,
  });
  if (answer.status !== 200) throw new Error(`the app refused the click (${answer.status})`);
}

/** Repository and region of a finding card (its first section names both). */
function whereOf(card: PostedMessage): { repository: string; region: string } {
  const text = textOf(card);
  const repository = /·\s*`([^`]+)`/.exec(text)?.[1];
  const region = /region `([^`]+)`/.exec(text)?.[1];
  if (!repository || !region) throw new Error(`cannot tell the repository of the card: ${text}`);
  return { repository, region };
}

/** All the text of a message, blocks included, for matching. */
function textOf(message: PostedMessage): string {
  return `${message.text ?? ''}\n${JSON.stringify(message.blocks ?? [])}`
    .replace(/\\n/g, '\n')
    .replace(/\\"/g, '"');
}

/** The thread's plain lines (audit lines), oldest first. */
function thread(messages: PostedMessage[], ts: string): string[] {
  return messages
    .filter((m) => m.event === 'posted' && m.threadTs === ts && m.blocks.length === 0)
    .map((m) => (m.text ?? '').replace(/<@([A-Z0-9]+)>/g, '@$1'));
}

/** Waits until the emulator's policy satisfies `done`; 30 s at most. */
async function waitForPolicy(
  emulator: EcrEmulator,
  region: string,
  repository: string,
  done: (policy: string | null) => boolean,
): Promise<string | null> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const policy = emulator.getRepositoryPolicy(region, repository);
    if (done(policy)) return policy;
    if (Date.now() > deadline) throw new Error(`the policy of ${repository} did not change`);
    await sleep(100);
  }
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    process.stderr.write(
      `\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await cleanup();
    process.exit(1);
  });
