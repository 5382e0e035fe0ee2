import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzePolicy } from '../../src/policy/analyze';
import type { PolicyKind, Verdict } from '../../src/policy/types';
import { EcrCheckError } from '../../src/shared/errors';

/** One policy from public infrastructure code or AWS examples; see the fixture's README. */
interface RealWorldCase {
  id: string;
  kind: PolicyKind;
  verdict: Verdict;
  /** The document is not valid IAM grammar: refusing it as malformed is also right. */
  orMalformed?: boolean;
  policy: unknown;
}

const OWNER = '111122223333';

const cases: RealWorldCase[] = JSON.parse(
  readFileSync(new URL('../fixtures/real-world/policies.json', import.meta.url), 'utf8'),
);

/**
 * Cases where the engine currently gives another verdict than the one reasoned out in the fixture's
 * README. The expectation stays ours; `it.fails` keeps the suite green until the engine is fixed, and
 * then fails so that the entry is removed. Each entry says why we think the engine is wrong.
 */
const KNOWN_DISAGREEMENTS: Record<string, string> = {};

describe('real-world policies', () => {
  it('has a few dozen cases with unique ids', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  for (const testCase of cases) {
    const note = KNOWN_DISAGREEMENTS[testCase.id];
    const title = `${testCase.id} (${testCase.kind}) is ${testCase.verdict}${note ? ` — engine disagrees: ${note}` : ''}`;
    const run = note ? it.fails : it;

    run(title, () => {
      const text = JSON.stringify(testCase.policy, null, 2);
      let verdict: Verdict;
      try {
        verdict = analyzePolicy(text, { kind: testCase.kind, ownerAccount: OWNER }).verdict;
      } catch (error) {
        if (testCase.orMalformed && error instanceof EcrCheckError) {
          expect(error.code).toBe('policy-malformed');
          return;
        }
        throw error;
      }
      expect(verdict).toBe(testCase.verdict);
    });
  }

  it('explains every finding in words a person can read', () => {
    for (const testCase of cases.filter((c) => c.verdict !== 'private')) {
      const text = JSON.stringify(testCase.policy);
      const analysis = analyzePolicy(text, { kind: testCase.kind, ownerAccount: OWNER });
      const reasons = [...analysis.reasons, ...analysis.statements.flatMap((s) => s.reasons)];
      expect(reasons.join(' ').length, testCase.id).toBeGreaterThan(0);
    }
  });

  it('treats the trusted organization and accounts as the owner', () => {
    const org = cases.find((c) => c.id === 'R31');
    const crossAccount = cases.find((c) => c.id === 'R11');
    if (!org || !crossAccount) throw new Error('fixture cases R31 and R11 are missing');

    const trusted = analyzePolicy(JSON.stringify(crossAccount.policy), {
      kind: 'private',
      ownerAccount: OWNER,
      trustedAccounts: ['444455556666'],
    });
    expect(['private', 'restricted']).toContain(trusted.verdict);

    const orgTrusted = analyzePolicy(JSON.stringify(org.policy), {
      kind: 'private',
      ownerAccount: OWNER,
      trustedOrgs: ['o-a1b2c3d4e5'],
    });
    expect(['private', 'restricted']).toContain(orgTrusted.verdict);
  });
});
