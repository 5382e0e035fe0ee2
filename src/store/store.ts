import { DynamoDBClient as Client, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ScanResult } from '../scan/types';
import { EcrCheckError } from '../shared/errors';
import { fromItem, historyKeys, keys, targetWhere } from './keys';
import { recordScan } from './scan-record';
import { TABLE_INDEXES } from './table';
import type {
  AcceptedRisk,
  AuditEvent,
  Backup,
  FindingStatus,
  MessageRef,
  RemediationRequest,
  RepositoryHistory,
  RequestState,
  ScanRecord,
  StoredFinding,
} from './types';
import { EXPOSED_STATUSES } from './types';
import {
  type AuditInput,
  appendAudit,
  auditPut,
  getItem,
  notFound,
  send,
  type TableContext,
  transact,
  updateExpression,
} from './writes';

/** How a remediation request moves from one state to the next (one conditional transition). */
export interface RequestTransition {
  /** The states it may be in now; any other state fails with `store-conflict`. */
  from: readonly RequestState[];
  to: RequestState;
  set?: Partial<Omit<RemediationRequest, 'id' | 'state'>>;
  remove?: readonly (keyof RemediationRequest)[];
  /** Extra guards: the run holding the lease, or an actor who must not be the requester. */
  expect?: { attemptId?: string; notRequestedBy?: string };
  /** The finding's new status, changed in the same transaction. */
  findingStatus?: FindingStatus;
  audit: AuditInput;
}

const SLACK_REF_TTL_DAYS = 400;

/**
 * The ecr-check store: findings, remediation requests, backups, accepted risks, the audit trail and
 * Slack message references, in one DynamoDB table (layout in `table.ts`). Every state change is a
 * conditional write, so a repeated or concurrent call makes exactly one transition and the others
 * fail with `store-conflict`.
 */
export class Store {
  readonly ctx: TableContext;

  constructor(options: { client: DynamoDBClient; table: string; clock?: () => Date }) {
    this.ctx = {
      doc: DynamoDBDocumentClient.from(options.client, {
        marshallOptions: { removeUndefinedValues: true },
      }),
      table: options.table,
      clock: options.clock ?? (() => new Date()),
    };
  }

  /** The table's name. */
  get table(): string {
    return this.ctx.table;
  }

  /** Records a scan's findings; returns what is new, what was fixed or went away, what reopened. */
  recordScan(
    result: ScanResult,
    options: { publicScanned?: boolean; since?: string } = {},
  ): Promise<ScanRecord> {
    return recordScan(this, result, options);
  }

  /** Saves a small named value (for example when the last digest was posted). */
  async saveMarker(name: string, value: string): Promise<void> {
    await send(this.ctx, () =>
      this.ctx.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.marker(name), type: 'marker', value },
        }),
      ),
    );
  }

  /** A named value saved with `saveMarker`, or null. */
  async getMarker(name: string): Promise<string | null> {
    const item = await getItem<{ value: string }>(this.ctx, keys.marker(name));
    return item ? item.value : null;
  }

  /** One finding by id, or null. */
  getFinding(id: string): Promise<StoredFinding | null> {
    return getItem<StoredFinding>(this.ctx, keys.finding(id));
  }

  /** Findings in the given statuses, ordered by registry, region, repository. */
  async listFindings(statuses: readonly FindingStatus[]): Promise<StoredFinding[]> {
    const out: StoredFinding[] = [];
    for (const status of statuses) {
      const items = await this.query({
        IndexName: TABLE_INDEXES.lists,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.status(status) },
      });
      out.push(...items.map((item) => fromItem<StoredFinding>(item) as StoredFinding));
    }
    return out;
  }

  /**
   * Findings still exposed and not accepted: `open`, `remediation-requested` and `reverted`
   * (accepted risks that expired are reopened first).
   */
  async listOpenFindings(): Promise<StoredFinding[]> {
    await this.reopenExpiredRisks();
    return this.listFindings(EXPOSED_STATUSES);
  }

  /** Accepted risks in force (expired ones are reopened first). */
  async listExceptions(): Promise<StoredFinding[]> {
    await this.reopenExpiredRisks();
    return this.listFindings(['accepted-risk']);
  }

  /** Reopens accepted risks whose expiry has passed; returns the reopened findings. */
  async reopenExpiredRisks(): Promise<StoredFinding[]> {
    const now = this.ctx.clock().toISOString();
    const reopened: StoredFinding[] = [];
    for (const finding of await this.listFindings(['accepted-risk'])) {
      const expiresAt = finding.acceptedRisk?.expiresAt;
      if (expiresAt && expiresAt > now) continue;
      try {
        const updated = await this.setFindingStatus(finding.id, {
          from: ['accepted-risk'],
          to: 'open',
          remove: ['acceptedRisk'],
          audit: {
            event: 'accepted-risk-expired',
            actor: null,
            findingId: finding.id,
            target: finding,
            message: `The accepted risk expired (${expiresAt ?? 'no expiry'}); the finding is open again.`,
          },
        });
        reopened.push(updated);
      } catch (error) {
        if (!(error instanceof EcrCheckError && error.code === 'store-conflict')) throw error;
      }
    }
    return reopened;
  }

  /** Changes a finding's status if it is in one of `from`, with its audit event, in one go. */
  async setFindingStatus(
    findingId: string,
    change: {
      from: readonly FindingStatus[];
      to: FindingStatus;
      set?: Partial<StoredFinding>;
      remove?: readonly (keyof StoredFinding)[];
      audit: AuditInput;
    },
  ): Promise<StoredFinding> {
    const update = updateExpression(
      { ...change.set, status: change.to, gsi2pk: keys.status(change.to) },
      change.remove as string[] | undefined,
    );
    const from = Object.fromEntries(change.from.map((s, i) => [`:from${i}`, s]));
    await transact(this.ctx, [
      {
        Update: {
          TableName: this.table,
          Key: keys.finding(findingId),
          UpdateExpression: update.expression,
          ConditionExpression: `attribute_exists(pk) AND #status IN (${Object.keys(from).join(', ')})`,
          ExpressionAttributeNames: { ...update.names, '#status': 'status' },
          ExpressionAttributeValues: { ...update.values, ...from },
        },
      },
      auditPut(this.ctx, change.audit).item,
    ]);
    const finding = await this.getFinding(findingId);
    if (!finding) throw notFound('finding', findingId);
    return finding;
  }

  /** Records an accepted risk on an exposed finding (status `accepted-risk`). */
  acceptRisk(risk: AcceptedRisk, target: StoredFinding): Promise<StoredFinding> {
    return this.setFindingStatus(risk.findingId, {
      from: ['open', 'reverted'],
      to: 'accepted-risk',
      set: { acceptedRisk: risk },
      audit: {
        event: 'accepted-risk',
        actor: risk.by,
        findingId: risk.findingId,
        target,
        message: `Risk accepted until ${risk.expiresAt}: ${risk.reason}`,
        details: { expiresAt: risk.expiresAt },
      },
    });
  }

  /**
   * Records a new remediation request and marks its finding `remediation-requested`, in one
   * transaction; fails with `store-conflict` when the finding is not open (for example another
   * request was made first).
   */
  async createRequest(request: RemediationRequest, audit: AuditInput): Promise<RemediationRequest> {
    await transact(this.ctx, [
      {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.request(request.id),
            ...historyKeys(targetWhere(request.target), request.requestedAt, 'REQUEST', request.id),
            type: 'request',
            ...request,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.table,
          Key: keys.finding(request.findingId),
          UpdateExpression: 'SET #status = :to, gsi2pk = :gsi2pk, requestId = :request',
          ConditionExpression: 'attribute_exists(pk) AND #status IN (:open, :reverted)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':to': 'remediation-requested',
            ':gsi2pk': keys.status('remediation-requested'),
            ':request': request.id,
            ':open': 'open',
            ':reverted': 'reverted',
          },
        },
      },
      auditPut(this.ctx, audit).item,
    ]);
    return request;
  }

  /** One remediation request by id, or null. */
  /** Requests left in `applying` or `reverting`: running now, or stopped by a crash. */
  async listRequestsInFlight(): Promise<RemediationRequest[]> {
    const items = await this.query({
      IndexName: TABLE_INDEXES.lists,
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.inFlight },
    });
    return items.map((item) => fromItem<RemediationRequest>(item) as RemediationRequest);
  }

  getRequest(id: string): Promise<RemediationRequest | null> {
    return getItem<RemediationRequest>(this.ctx, keys.request(id));
  }

  /**
   * Moves a request from one of `from` to `to` in one conditional transaction, together with its
   * finding's status and an audit event. Exactly one of several concurrent callers succeeds; the
   * others get `store-conflict` with the request as it is now in `details.request`.
   */
  async transitionRequest(id: string, t: RequestTransition): Promise<RemediationRequest> {
    const now = this.ctx.clock().toISOString();
    // Requests in applying or reverting are listed (gsi2) so a later run can reconcile them.
    const inFlight = t.to === 'applying' || t.to === 'reverting';
    const update = updateExpression(
      {
        ...t.set,
        state: t.to,
        updatedAt: now,
        ...(inFlight ? { gsi2pk: keys.inFlight, gsi2sk: id } : {}),
      },
      [...((t.remove as string[] | undefined) ?? []), ...(inFlight ? [] : ['gsi2pk', 'gsi2sk'])],
    );
    const values: Record<string, unknown> = { ...update.values };
    const names: Record<string, string> = { ...update.names, '#state': 'state' };
    const from = t.from.map((state, i) => {
      values[`:from${i}`] = state;
      return `:from${i}`;
    });
    const conditions = ['attribute_exists(pk)', `#state IN (${from.join(', ')})`];
    if (t.expect?.attemptId !== undefined) {
      conditions.push('attemptId = :attempt');
      values[':attempt'] = t.expect.attemptId;
    }
    if (t.expect?.notRequestedBy !== undefined) {
      conditions.push('requestedBy.id <> :actor');
      values[':actor'] = t.expect.notRequestedBy;
    }

    const request = await this.getRequest(id);
    if (!request) throw notFound('remediation request', id);
    const items: Parameters<typeof transact>[1] = [
      {
        Update: {
          TableName: this.table,
          Key: keys.request(id),
          UpdateExpression: update.expression,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      auditPut(this.ctx, {
        requestId: id,
        findingId: request.findingId,
        target: request.target,
        ...t.audit,
      }).item,
    ];
    if (t.findingStatus) {
      items.push({
        Update: {
          TableName: this.table,
          Key: keys.finding(request.findingId),
          UpdateExpression: 'SET #status = :status, gsi2pk = :gsi2pk',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': t.findingStatus,
            ':gsi2pk': keys.status(t.findingStatus),
          },
        },
      });
    }

    try {
      await transact(this.ctx, items);
    } catch (error) {
      if (error instanceof EcrCheckError && error.code === 'store-conflict') {
        const current = await this.getRequest(id);
        throw new EcrCheckError(
          'store-conflict',
          `Remediation request ${id} is ${current?.state ?? 'gone'}, not ${t.from.join(' or ')}.`,
          { cause: error, details: { request: current } },
        );
      }
      throw error;
    }
    const updated = await this.getRequest(id);
    if (!updated) throw notFound('remediation request', id);
    return updated;
  }

  /**
   * Writes the backup of a request once. A second write for the same request keeps the first and
   * returns it (the prior text never changes once recorded).
   */
  async saveBackup(backup: Backup): Promise<Backup> {
    try {
      await send(this.ctx, () =>
        this.ctx.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              ...keys.backup(backup.requestId),
              ...historyKeys(
                targetWhere(backup.target),
                backup.createdAt,
                'BACKUP',
                backup.requestId,
              ),
              type: 'backup',
              ...backup,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      await appendAudit(this.ctx, {
        event: 'backup-written',
        actor: null,
        requestId: backup.requestId,
        target: backup.target,
        message:
          backup.priorText === null
            ? 'Backup written: there was no policy.'
            : `Backup written of the policy (sha256 ${backup.priorHash?.slice(0, 12)}).`,
        details: { priorHash: backup.priorHash, writtenHash: backup.writtenHash },
      });
      return backup;
    } catch (error) {
      if (!(error instanceof EcrCheckError && error.code === 'store-conflict')) throw error;
      const existing = await this.getBackup(backup.requestId);
      if (!existing) throw error;
      return existing;
    }
  }

  /** The backup of a request, or null when none was written. */
  getBackup(requestId: string): Promise<Backup | null> {
    return getItem<Backup>(this.ctx, keys.backup(requestId));
  }

  /** Appends an audit event. */
  audit(input: AuditInput): Promise<AuditEvent> {
    return appendAudit(this.ctx, input);
  }

  /** Findings, requests, backups and audit events of a repository (any region unless given). */
  async history(repository: string, options: { region?: string } = {}): Promise<RepositoryHistory> {
    const partition =
      repository.startsWith('REGISTRY#') || repository.startsWith('registry:')
        ? `REGISTRY#${repository.replace(/^(REGISTRY#|registry:)/, '')}`
        : `REPO#${repository}`;
    const items = await this.query({
      IndexName: TABLE_INDEXES.history,
      KeyConditionExpression: options.region
        ? 'gsi1pk = :pk AND begins_with(gsi1sk, :region)'
        : 'gsi1pk = :pk',
      ExpressionAttributeValues: {
        ':pk': partition,
        ...(options.region ? { ':region': `${options.region}#` } : {}),
      },
    });
    const byTime = (a: { t: string }, b: { t: string }) => a.t.localeCompare(b.t);
    const sorted = items
      .map((item) => ({ item, t: String(item.gsi1sk).split('#')[1] ?? '' }))
      .sort(byTime)
      .map(({ item }) => item);
    const of = <T>(type: string) =>
      sorted.filter((item) => item.type === type).map((item) => fromItem<T>(item) as T);
    return {
      findings: of<StoredFinding>('finding'),
      requests: of<RemediationRequest>('request'),
      backups: of<Backup>('backup'),
      audit: of<AuditEvent>('audit'),
    };
  }

  /** Remembers where a finding's Slack card was posted (replacing an earlier one). */
  async saveMessageRef(findingId: string, ref: MessageRef): Promise<void> {
    const expiresAt = Math.floor(this.ctx.clock().getTime() / 1000) + SLACK_REF_TTL_DAYS * 86_400;
    await send(this.ctx, () =>
      this.ctx.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keys.messageRef(findingId),
            type: 'message-ref',
            channel: ref.channel,
            ts: ref.ts,
            expiresAt,
          },
        }),
      ),
    );
  }

  /** Where a finding's Slack card was posted, or null. */
  async getMessageRef(findingId: string): Promise<MessageRef | null> {
    const out = await send(this.ctx, () =>
      this.ctx.doc.send(new GetCommand({ TableName: this.table, Key: keys.messageRef(findingId) })),
    );
    return out.Item ? { channel: String(out.Item.channel), ts: String(out.Item.ts) } : null;
  }

  /** Runs a query to the end (all pages). */
  async query(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await send(this.ctx, () =>
        this.ctx.doc.send(
          new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: start }),
        ),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

/** A Store over a DynamoDB client with the given table (no table creation). */
export function storeFor(table: string, client: DynamoDBClient = new Client({})): Store {
  return new Store({ client, table });
}
