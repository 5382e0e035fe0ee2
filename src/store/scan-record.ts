import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import type { Finding, ScanResult } from '../scan/types';
import { EcrCheckError } from '../shared/errors';
import { historyKeys, keys, listSortKey } from './keys';
import type { Store } from './store';
import type { FindingStatus, ScanRecord, StoredFinding } from './types';
import { send, updateExpression } from './writes';

/** Statuses a scan may find missing; `remediated` ones are only reported once as fixed. */
const SWEPT: readonly FindingStatus[] = [
  'open',
  'remediation-requested',
  'reverted',
  'accepted-risk',
  'remediated',
];

/**
 * Records a scan: new findings are stored `open` (first seen now); known ones get `lastSeen` and
 * the scan's latest details; a finding seen again after it had gone or been remediated is open
 * again. Findings the scan covered but no longer has are marked `gone` (or, when we remediated
 * them, keep `remediated` and get `goneAt`) and are reported as fixed once. Regions that failed or
 * did not finish, and ECR Public when it was not scanned, are left alone.
 *
 * With `since` (an ISO time, e.g. the last digest's), `new` and `fixed` cover everything since
 * then, including what scans in between recorded; without it, only the change from the last scan.
 */
export async function recordScan(
  store: Store,
  result: ScanResult,
  options: { publicScanned?: boolean; since?: string },
): Promise<ScanRecord> {
  const now = store.ctx.clock().toISOString();
  const limit = pLimit(8);
  const reopened = await store.reopenExpiredRisks();

  const seen = await Promise.all(
    result.findings.map((finding) => limit(() => upsertFinding(store, finding, now))),
  );
  const seenIds = new Set(result.findings.map((finding) => finding.id));

  const candidates = (await store.listFindings(SWEPT)).filter(
    (finding) =>
      !seenIds.has(finding.id) &&
      covered(result, finding, options.publicScanned ?? true) &&
      !(finding.status === 'remediated' && finding.goneAt),
  );
  const swept = await Promise.all(
    candidates.map((finding) => limit(() => markMissing(store, finding, now))),
  );

  const fixed = swept.filter((entry): entry is StoredFinding => entry !== null);
  const since = options.since;
  if (since !== undefined) {
    // Also what other scans (for example ad-hoc ones from Slack) saw go away since `since`.
    const fixedIds = new Set(fixed.map((finding) => finding.id));
    const earlier = await store.listFindings(['gone', 'remediated']);
    fixed.push(
      ...earlier.filter(
        (finding) =>
          finding.registryId === result.registryId &&
          finding.goneAt !== undefined &&
          finding.goneAt > since &&
          !fixedIds.has(finding.id) &&
          !seenIds.has(finding.id),
      ),
    );
  }

  return {
    new: seen
      .filter((entry) => entry.isNew || (since !== undefined && entry.finding.firstSeen > since))
      .map((entry) => entry.finding),
    fixed,
    reopened,
    findings: seen.map((entry) => entry.finding),
  };
}

async function upsertFinding(
  store: Store,
  finding: Finding,
  now: string,
): Promise<{ finding: StoredFinding; isNew: boolean }> {
  const id = finding.id;
  const update = updateExpression({ ...finding, lastSeen: now, type: 'finding' });
  const history = historyKeys(finding, now, 'FINDING', id);
  const out = await send(store.ctx, () =>
    store.ctx.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keys.finding(id),
        UpdateExpression: [
          update.expression,
          '#status = if_not_exists(#status, :open)',
          'firstSeen = if_not_exists(firstSeen, :now)',
          'gsi2pk = if_not_exists(gsi2pk, :openKey)',
          'gsi2sk = :gsi2sk',
          'gsi1pk = :gsi1pk',
          'gsi1sk = if_not_exists(gsi1sk, :gsi1sk)',
        ]
          .join(', ')
          .concat(' REMOVE goneAt'),
        ExpressionAttributeNames: { ...update.names, '#status': 'status' },
        ExpressionAttributeValues: {
          ...update.values,
          ':open': 'open',
          ':now': now,
          ':openKey': keys.status('open'),
          ':gsi2sk': listSortKey(finding),
          ':gsi1pk': history.gsi1pk,
          ':gsi1sk': history.gsi1sk,
        },
        ReturnValues: 'ALL_OLD',
      }),
    ),
  );
  const old = out.Attributes as StoredFinding | undefined;
  const stored: StoredFinding = {
    ...(old ?? {}),
    ...finding,
    status: old?.status ?? 'open',
    firstSeen: old?.firstSeen ?? now,
    lastSeen: now,
  };
  delete stored.goneAt;
  for (const key of ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'type']) {
    delete (stored as unknown as Record<string, unknown>)[key];
  }
  if (!old) return { finding: stored, isNew: true };

  const cameBack = old.status === 'gone' || old.status === 'remediated';
  if (cameBack) {
    const reopened = await reopen(store, stored, old.status);
    return { finding: reopened ?? stored, isNew: true };
  }
  return { finding: stored, isNew: Boolean(old.goneAt) };
}

async function reopen(
  store: Store,
  finding: StoredFinding,
  from: FindingStatus,
): Promise<StoredFinding | null> {
  try {
    return await store.setFindingStatus(finding.id, {
      from: [from],
      to: 'open',
      audit: {
        event: 'finding-reappeared',
        actor: null,
        findingId: finding.id,
        target: finding,
        message:
          from === 'remediated'
            ? 'The remediated policy is back as it was before; the finding is open again.'
            : 'The finding is back; it is open again.',
      },
    });
  } catch (error) {
    if (error instanceof EcrCheckError && error.code === 'store-conflict') return null;
    throw error;
  }
}

async function markMissing(
  store: Store,
  finding: StoredFinding,
  now: string,
): Promise<StoredFinding | null> {
  const keepStatus = finding.status === 'remediated' || finding.status === 'remediation-requested';
  const alreadyGone = Boolean(finding.goneAt);
  const set: Record<string, unknown> = { goneAt: finding.goneAt ?? now };
  if (!keepStatus) {
    set.status = 'gone';
    set.gsi2pk = keys.status('gone');
  }
  const update = updateExpression(set);
  try {
    await send(store.ctx, () =>
      store.ctx.doc.send(
        new UpdateCommand({
          TableName: store.table,
          Key: keys.finding(finding.id),
          UpdateExpression: update.expression,
          ConditionExpression: 'lastSeen = :lastSeen AND #s = :status',
          ExpressionAttributeNames: { ...update.names, '#s': 'status' },
          ExpressionAttributeValues: {
            ...update.values,
            ':lastSeen': finding.lastSeen,
            ':status': finding.status,
          },
        }),
      ),
    );
  } catch (error) {
    // Seen or changed by a concurrent scan or workflow step: leave it to them.
    if (error instanceof EcrCheckError && error.code === 'store-conflict') return null;
    throw error;
  }
  if (!keepStatus) {
    await store.audit({
      event: 'finding-gone',
      actor: null,
      findingId: finding.id,
      target: finding,
      message: `The scan no longer finds this ${finding.verdict} exposure (it was ${finding.status}).`,
    });
  }
  if (alreadyGone) return null;
  return { ...finding, ...(set as Partial<StoredFinding>) };
}

/** True when the scan looked where the finding lives and finished there. */
function covered(result: ScanResult, finding: StoredFinding, publicScanned: boolean): boolean {
  if (finding.registryId !== result.registryId) return false;
  const isPublic = finding.kind === 'public-repository' || finding.publicRepository !== undefined;
  // A malformed policy concerns one repository, not whether the region was scanned.
  const problems = [...result.errors, ...result.incomplete].filter(
    (problem) => problem.code !== 'policy-malformed',
  );
  if (isPublic) {
    return publicScanned && !problems.some((problem) => problem.service === 'ecr-public');
  }
  if (!result.regions.includes(finding.region)) return false;
  return !problems.some(
    (problem) => problem.service === 'ecr' && problem.region === finding.region,
  );
}
