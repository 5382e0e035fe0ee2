import type { Verdict } from '../../src/policy/types';
import type { Finding, ScanResult } from '../../src/scan/types';

const VERDICTS: Verdict[] = ['public-push', 'public-pull', 'cross-account', 'restricted'];

/**
 * Builds a finding the way the scanner reports one; `n` varies the verdict, region and name so a
 * large estate has every shape (long names, unicode in reasons, many statements).
 */
export function makeFinding(n: number, overrides: Partial<Finding> = {}): Finding {
  const verdict = VERDICTS[n % VERDICTS.length] ?? 'public-pull';
  const statements = Array.from({ length: (n % 7) + 1 }, (_, i) => ({
    index: i,
    sid: i % 2 ? `Statement-${n}-${i}-${'x'.repeat(n % 50)}` : null,
    effect: 'Allow' as const,
    verdict,
    reasons: [`Statement ${i} lets everyone in — “${n}”.`],
    principals: i % 3 ? ['*'] : Array.from({ length: 6 }, (_, k) => `arn:aws:iam::${k}:root`),
    actions: {
      push: n % 2 ? ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart'] : [],
      pull: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
    unknownConditionKeys: [],
  }));
  return {
    id: `finding-${n}`,
    kind: 'repository-policy',
    registryId: '123456789012',
    region: ['eu-west-1', 'us-east-1', 'ap-southeast-2'][n % 3] ?? 'eu-west-1',
    repository: `team-${n % 97}/service-${n}${'-long'.repeat(n % 40)}`,
    verdict,
    statements,
    reasons: [`Everyone can reach this repository (${verdict}). ${'Because. '.repeat(n % 60)}`],
    policyHash: `hash-${n}`,
    ...overrides,
  };
}

/** A scan result holding `count` findings. */
export function makeScan(count: number): ScanResult {
  return {
    registryId: '123456789012',
    startedAt: '2026-12-03T08:00:00.000Z',
    finishedAt: '2026-12-03T08:01:00.000Z',
    regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
    findings: Array.from({ length: count }, (_, n) => makeFinding(n)),
    errors: [],
    incomplete: [],
    stats: {
      repositories: count * 2,
      policiesRead: count * 2,
      throttledRetries: 0,
      unreadPolicies: 0,
    },
  };
}
