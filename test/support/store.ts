import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Finding, ScanResult } from '../../src/scan/types';
import { sha256 } from '../../src/shared/hash';
import { openStoreAt } from '../../src/store/open';
import type { Store } from '../../src/store/store';

/** A clock tests move by hand. */
export interface TestClock {
  now: () => Date;
  set(iso: string): void;
  advance(ms: number): void;
}

/** A clock starting at `start` that only moves when told. */
export function testClock(start = '2026-03-01T09:00:00.000Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = new Date(iso).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A store on a fresh table of the run's DynamoDB Local (one table per call). */
export function testStore(name: string, clock: TestClock = testClock()): Promise<Store> {
  const table = `${name}-${randomUUID().slice(0, 8)}`;
  return openStoreAt(inject('dynamodbEndpoint'), table, { clock: clock.now });
}

/** A repository-policy finding as the scanner reports it. */
export function repositoryFinding(
  repository: string,
  policyText: string,
  overrides: Partial<Finding> = {},
): Finding {
  const registryId = overrides.registryId ?? '111122223333';
  const region = overrides.region ?? 'eu-west-1';
  const policyHash = sha256(policyText);
  return {
    id: sha256(`${registryId}|${region}|repository-policy|${repository}|${policyHash}`).slice(
      0,
      24,
    ),
    kind: 'repository-policy',
    registryId,
    region,
    repository,
    verdict: 'public-pull',
    statements: [],
    reasons: ['Anyone can pull images.'],
    policyHash,
    ...overrides,
  };
}

/** A scan result holding `findings` for the given regions. */
export function scanOf(findings: Finding[], options: Partial<ScanResult> = {}): ScanResult {
  return {
    registryId: '111122223333',
    startedAt: '2026-03-01T09:00:00.000Z',
    finishedAt: '2026-03-01T09:01:00.000Z',
    regions: ['eu-west-1', 'us-east-1'],
    findings,
    errors: [],
    incomplete: [],
    stats: {
      repositories: findings.length,
      policiesRead: findings.length,
      throttledRetries: 0,
      unreadPolicies: 0,
    },
    ...options,
  } as ScanResult;
}
