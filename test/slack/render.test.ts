import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/local/slack-standin';
import { messageToText } from '../../src/local/slack-standin/render';
import { renderDigest } from '../../src/slack/render/digest';
import { findingCard, withCardState } from '../../src/slack/render/finding';
import { scanReport } from '../../src/slack/render/reports';
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
        region: 'us-east-1',
        statements: [],
        publicRepository: { uri: 'public.ecr.aws/x/y', createdAt: null, hasPolicy: false },
      }),
    );
    expect(messageToText(card)).toContain('[ Accept risk ]');
    expect(messageToText(card)).not.toContain('Remediate');
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
