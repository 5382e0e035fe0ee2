import type { FindingStatus, PolicyTarget } from './types';

/** Key builders for the single-table design documented in `table.ts`. */
export const keys = {
  finding: (id: string) => ({ pk: `FINDING#${id}`, sk: 'FINDING' }),
  messageRef: (findingId: string) => ({ pk: `FINDING#${findingId}`, sk: 'SLACK' }),
  request: (id: string) => ({ pk: `REQUEST#${id}`, sk: 'REQUEST' }),
  backup: (requestId: string) => ({ pk: `REQUEST#${requestId}`, sk: 'BACKUP' }),
  audit: (id: string) => ({ pk: `AUDIT#${id}`, sk: 'AUDIT' }),
  marker: (name: string) => ({ pk: `MARKER#${name}`, sk: 'MARKER' }),
  status: (status: FindingStatus) => `STATUS#${status}`,
  /** The gsi2 partition of requests stopped or running in `applying` / `reverting`. */
  inFlight: 'REQUESTS#IN-FLIGHT',
};

/** Where an item shows up in a repository's history (gsi1). */
export function historyKeys(
  where: { registryId: string; region: string; repository: string | null },
  at: string,
  kind: string,
  id: string,
): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: historyPartition(where), gsi1sk: `${where.region}#${at}#${kind}#${id}` };
}

/** The gsi1 partition of a repository (or of a registry, for registry policies). */
export function historyPartition(where: { registryId: string; repository: string | null }) {
  return where.repository === null ? `REGISTRY#${where.registryId}` : `REPO#${where.repository}`;
}

/** The gsi2 sort key of a finding inside its status list. */
export function listSortKey(where: {
  registryId: string;
  region: string;
  repository: string | null;
  id: string;
}): string {
  return `${where.registryId}#${where.region}#${where.repository ?? ''}#${where.id}`;
}

/** A target as the location fields used in keys. */
export function targetWhere(target: PolicyTarget) {
  return { registryId: target.registryId, region: target.region, repository: target.repository };
}

/** Strips the table's key attributes from an item, leaving the domain object. */
export function fromItem<T>(item: Record<string, unknown> | undefined): T | null {
  if (!item) return null;
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, type, expiresAt, ...rest } = item;
  return rest as T;
}
