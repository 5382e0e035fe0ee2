import { describe, expect, it } from 'vitest';
import { checkMessage, controlSequences } from '../../src/local/slack-standin';
import { messageToText } from '../../src/local/slack-standin/render';
import { analyzePolicy } from '../../src/policy/analyze';
import { planRemediation } from '../../src/policy/planner';
import type { StatementVerdict } from '../../src/policy/types';
import type { Finding } from '../../src/scan/types';
import { renderDigest } from '../../src/slack/render/digest';
import { findingCard, withCardState } from '../../src/slack/render/finding';
import {
  exceptionsMessage,
  historyMessage,
  repositoryReportMessage,
  scanReport,
} from '../../src/slack/render/reports';
import { requestCard } from '../../src/slack/render/request';
import { makeFinding, makeScan } from './findings';

describe('digest rendering', () => {
  it('renders 10,000 findings as messages Slack accepts, with the rest in a file', () => {
    const scan = makeScan(10_000);
    const digest = renderDigest(scan, {
      newFindingIds: scan.findings.map((f) => f.id),
      fixed: scan.findings.slice(0, 5000),
    });

    expect(checkMessage(digest.header)).toBeNull();
    for (const card of digest.cards) expect(checkMessage(card.message)).toBeNull();
    expect(digest.cards.length).toBeLessThanOrEqual(20);
    expect(digest.cards[0]?.finding.verdict).toBe('public-push');
    const text = messageToText(digest.header);
    expect(text).toContain('10,000 finding(s)');
    expect(text).toContain('9,980 more');
    expect(digest.file?.content.trim().split('\n')).toHaveLength(10_001);
  });

  it('shows every finding as a card when they fit, and no file', () => {
    const scan = makeScan(3);
    const digest = renderDigest(scan, { newFindingIds: [], fixed: [] });
    expect(digest.cards).toHaveLength(3);
    expect(digest.file).toBeNull();
    expect(messageToText(digest.header)).toContain('*Fixed since the last digest (0):* none');
  });

  it('says so when there is nothing to report', () => {
    const digest = renderDigest(makeScan(0), { newFindingIds: [], fixed: [] });
    expect(messageToText(digest.header)).toContain('No findings');
  });
});

describe('finding cards', () => {
  it('offers Remediate with a confirm dialog and Accept risk', () => {
    const card = findingCard(makeFinding(1));
    const text = messageToText(card);
    expect(text).toContain('[ Remediate ]  [ Accept risk ]');
    const remediate = card.blocks.at(-1)?.elements[0];
    expect(remediate.confirm.text.text).toContain('Other statements stay');
    expect(checkMessage(card)).toBeNull();
  });

  it('offers only Accept risk for a public ECR Public repository', () => {
    const card = findingCard(
      makeFinding(2, {
        kind: 'public-repository',
        verdict: 'public-pull',
        region: 'us-east-1',
        statements: [],
        publicRepository: { uri: 'public.ecr.aws/x/y', createdAt: null, hasPolicy: false },
      }),
    );
    expect(messageToText(card)).toContain('[ Accept risk ]');
    expect(messageToText(card)).not.toContain('Remediate');
  });

  it('offers Remediate for an ECR Public repository everyone can push to, keeping it public', () => {
    const pushStatement: StatementVerdict = {
      index: 0,
      sid: 'AnyonePush',
      effect: 'Allow',
      verdict: 'public-push',
      reasons: ['Everyone can push.'],
      principals: ['*'],
      actions: { push: ['ecr-public:PutImage'], pull: [] },
      unknownConditionKeys: [],
    };
    const card = findingCard(
      makeFinding(4, {
        kind: 'public-repository',
        verdict: 'public-push',
        region: 'us-east-1',
        repository: 'tools/cli',
        statements: [pushStatement],
        publicRepository: { uri: 'public.ecr.aws/x/cli', createdAt: null, hasPolicy: true },
      }),
    );

    expect(messageToText(card)).toContain('[ Remediate ]  [ Accept risk ]');
    const confirm = card.blocks.at(-1)?.elements[0].confirm.text.text as string;
    expect(confirm).toContain(
      'Removes only the push grant to everyone in 1 statement(s) (AnyonePush)',
    );
    expect(confirm).toContain('The repository stays public');
    expect(confirm).not.toContain('policy is deleted');
    expect(checkMessage(card)).toBeNull();
  });

  it('stays valid for a huge finding (long names, many statements)', () => {
    const finding = makeFinding(39);
    finding.statements = Array.from({ length: 300 }, (_, i) => ({
      ...(finding.statements[0] as (typeof finding.statements)[0]),
      index: i,
      sid: 'ü'.repeat(500),
    }));
    finding.reasons = Array.from({ length: 50 }, () => 'r'.repeat(5000));
    expect(checkMessage(findingCard(finding))).toBeNull();
  });

  it('replaces the state line and drops stale buttons', () => {
    const card = findingCard(makeFinding(1));
    const blocks = withCardState(card.blocks, 'Status: remediation requested by <@U1>');
    const text = messageToText({ blocks });
    expect(text).toContain('remediation requested by <@U1>');
    expect(text).not.toContain('[ Remediate ]');
  });
});

describe('request cards', () => {
  const request = {
    id: 'req-1',
    findingId: 'finding-1',
    state: 'requested' as const,
    registryId: '123456789012',
    region: 'eu-west-1',
    repository: 'team/app',
    requestedBy: 'U1',
    summary: 'Removes statement PublicPush',
    before: JSON.stringify({ Statement: [{ Sid: 'x'.repeat(20_000) }] }),
    after: null,
  };

  it('shows Approve and Reject while waiting, Revert once applied, nothing when done', () => {
    expect(messageToText(requestCard(request))).toContain('[ Approve ]  [ Reject ]');
    expect(messageToText(requestCard({ ...request, state: 'applied' }, 'U2'))).toContain(
      '[ Revert ]',
    );
    const reverted = messageToText(requestCard({ ...request, state: 'reverted' }, 'U2'));
    expect(reverted).toContain('reverted by <@U2>');
    expect(reverted).not.toContain('[ ');
    expect(checkMessage(requestCard(request))).toBeNull();
  });
});

describe('scan report', () => {
  it('fits any number of findings into one message', () => {
    const report = scanReport(makeScan(5000));
    expect(checkMessage(report)).toBeNull();
    expect(messageToText(report)).toMatch(/and [\d,]+ more finding/);
  });
});

const HOSTILE = 'x <!channel> *URGENT* <https://evil.example/approve|Click here to approve>';
const hostileOnly = (message: unknown) =>
  controlSequences(message).filter((s) => !/^<@U[A-Z0-9]+>$/.test(s));

describe('text from policies, repositories and users', () => {
  it('never becomes a link or a ping in any renderer', () => {
    const finding = makeFinding(1, {
      repository: `team/${HOSTILE}`,
      region: `eu-west-1 ${HOSTILE}`,
      reasons: [HOSTILE],
      statements: [{ ...(makeFinding(1).statements[0] as StatementVerdict), sid: HOSTILE }],
    });
    const scan = {
      ...makeScan(0),
      findings: [finding],
      errors: [{ region: HOSTILE, service: 'ecr' as const, code: HOSTILE, message: HOSTILE }],
    };
    const request = {
      id: 'req-1',
      findingId: finding.id,
      state: 'failed' as const,
      registryId: '123456789012',
      region: HOSTILE,
      repository: HOSTILE,
      requestedBy: 'UALICE001',
      actedBy: HOSTILE,
      summary: `Remove: ${HOSTILE}. 1 other statement(s) stay as they are.`,
      before: JSON.stringify({ Statement: [{ Sid: HOSTILE }] }),
      after: JSON.stringify({ Statement: [{ Sid: HOSTILE }] }),
      error: HOSTILE,
    };
    const risk = {
      findingId: finding.id,
      registryId: '123456789012',
      region: HOSTILE,
      repository: HOSTILE,
      reason: HOSTILE,
      acceptedBy: HOSTILE,
      expiresAt: '2027-01-01T00:00:00.000Z',
    };
    const messages = [
      findingCard(finding),
      renderDigest(scan, { newFindingIds: [finding.id], fixed: [finding] }).header,
      requestCard(request),
      scanReport(scan),
      historyMessage(HOSTILE, [{ at: '2026-12-03 08:00', what: HOSTILE, who: HOSTILE }]),
      exceptionsMessage([risk]),
      repositoryReportMessage({
        registryId: '123456789012',
        region: HOSTILE,
        repository: HOSTILE,
        policy: JSON.stringify({ Statement: [{ Sid: HOSTILE }] }),
        verdict: 'public-pull',
        statements: [{ index: 0, sid: HOSTILE, verdict: 'public-pull', summary: HOSTILE }],
        remediation: { summary: `Remove: ${HOSTILE}.`, after: null },
      }),
    ];
    for (const message of messages) {
      expect(checkMessage(message)).toBeNull();
      expect(hostileOnly(message)).toEqual([]);
    }
    // still readable: the text is shown, not dropped
    expect(messageToText(requestCard(request))).toContain('<!channel> *URGENT*');
  });
});

describe('the Remediate confirm dialog', () => {
  const options = { kind: 'private' as const, ownerAccount: '111122223333' };
  const confirmOf = (finding: Finding) =>
    findingCard(finding)
      .blocks.flatMap((b) => b.elements ?? [])
      .find((e) => e.confirm)?.confirm.text.text as string;

  it('says what the planner does when the public statement is the only one (delete)', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'ecr:*' }],
    });
    const plan = planRemediation(policy, options, 'remove');
    expect(plan.action).toBe('delete');
    const statements = analyzePolicy(policy, options).statements;
    const confirm = confirmOf(makeFinding(2, { statements }));
    expect(confirm).toContain('if none is left, the policy is deleted');
    expect(confirm).not.toMatch(/Other statements stay\.$/m);
  });

  it('and when other statements remain (set)', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' },
        { Sid: 'Me', Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'ecr:*' },
      ],
    });
    const plan = planRemediation(policy, options, 'remove');
    expect(plan.action).toBe('set');
    const offending = analyzePolicy(policy, options).statements.filter((s) => s.sid === 'Everyone');
    const confirm = confirmOf(makeFinding(2, { statements: offending }));
    expect(confirm).toContain('1 statement(s) (Everyone)');
    expect(confirm).toContain('Other statements stay');
  });
});

describe('the digest header on scan problems', () => {
  it('counts regions once and policies that could not be read per region', () => {
    const malformed = (n: number) => ({
      region: 'us-east-1',
      service: 'ecr' as const,
      code: 'policy-malformed',
      message: `Could not judge repository r${n} in us-east-1: bad`,
    });
    const scan = {
      ...makeScan(1),
      errors: [
        malformed(1),
        malformed(2),
        malformed(3),
        { region: 'eu-west-1', service: 'ecr' as const, code: 'access-denied', message: 'no' },
        { region: 'eu-west-1', service: 'ecr' as const, code: 'throttled', message: 'slow' },
      ],
    };
    const text = messageToText(renderDigest(scan, { newFindingIds: [], fixed: [] }).header);
    expect(text).toContain('1 region(s) not fully scanned: eu-west-1 (access-denied, throttled)');
    expect(text).toContain('3 policies could not be read in us-east-1 (malformed)');
    expect(text).not.toContain('us-east-1 (ecr: policy-malformed), us-east-1');
  });
});
