import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { EcrCheckError } from '../shared/errors';
import { isConditionalCancel, mapDynamoError } from './dynamo-errors';
import { fromItem, historyKeys, keys } from './keys';
import type { AuditEvent } from './types';

/** What the store needs to talk to its table. */
export interface TableContext {
  doc: DynamoDBDocumentClient;
  table: string;
  clock: () => Date;
}

/** An audit event before it has an id and a time. */
export type AuditInput = Omit<AuditEvent, 'id' | 'at'>;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Builds `SET #a = :a, …` (skipping undefined values) and `REMOVE …` for an UpdateItem. */
export function updateExpression(
  set: Record<string, unknown>,
  remove: readonly string[] = [],
  prefix = 'u',
): {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
} {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  let n = 0;
  for (const [key, value] of Object.entries(set)) {
    if (value === undefined) continue;
    n += 1;
    names[`#${prefix}${n}`] = key;
    values[`:${prefix}${n}`] = value;
    sets.push(`#${prefix}${n} = :${prefix}${n}`);
  }
  const removes = remove.map((key) => {
    n += 1;
    names[`#${prefix}${n}`] = key;
    return `#${prefix}${n}`;
  });
  const expression = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { expression, names, values };
}

/** The Put of one audit event, to append alone or inside a transaction. */
export function auditPut(
  ctx: TableContext,
  input: AuditInput,
): { item: TransactItem; event: AuditEvent } {
  const event: AuditEvent = { id: randomUUID(), at: ctx.clock().toISOString(), ...input };
  const where = input.target ?? { registryId: '-', region: '-', repository: null };
  return {
    event,
    item: {
      Put: {
        TableName: ctx.table,
        Item: {
          ...keys.audit(event.id),
          ...historyKeys(where, event.at, 'AUDIT', event.id),
          type: 'audit',
          ...event,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

/** Appends one audit event (never updated or deleted afterwards). */
export async function appendAudit(ctx: TableContext, input: AuditInput): Promise<AuditEvent> {
  const { item, event } = auditPut(ctx, input);
  await send(ctx, () => ctx.doc.send(new PutCommand(item.Put as never)));
  return event;
}

/**
 * Runs a transaction. A cancellation caused by a failed condition is a `store-conflict` (the
 * caller re-reads to explain it); a cancellation caused only by a concurrent transaction on the
 * same items is retried, and the conditions then decide which of the two wins.
 */
export async function transact(ctx: TableContext, items: TransactItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const name = (error as { name?: string }).name;
      const retryable =
        (name === 'TransactionCanceledException' && !isConditionalCancel(error)) ||
        name === 'TransactionConflictException';
      if (retryable && attempt < 5) {
        await new Promise((done) => setTimeout(done, 20 * attempt + Math.random() * 50));
        continue;
      }
      throw mapDynamoError(error, ctx.table);
    }
  }
}

/** Runs one SDK call and maps its errors. */
export async function send<T>(ctx: TableContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapDynamoError(error, ctx.table);
  }
}

/** Reads one item strongly consistently and returns its domain object (or null). */
export async function getItem<T>(
  ctx: TableContext,
  key: { pk: string; sk: string },
): Promise<T | null> {
  const out = await send(ctx, () =>
    ctx.doc.send(new GetCommand({ TableName: ctx.table, Key: key, ConsistentRead: true })),
  );
  return fromItem<T>(out.Item);
}

/** Throws `not-found` with a message naming what is missing. */
export function notFound(what: string, id: string): EcrCheckError {
  return new EcrCheckError('not-found', `No ${what} with id ${id}.`, { details: { id } });
}
