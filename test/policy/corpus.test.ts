import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzePolicy } from '../../src/policy/analyze';
import { isEcrCheckError } from '../../src/shared/errors';
import { acceptedVerdicts, loadCases, OWNER, optionsFor } from './cases';

describe.each(['corpus.json', 'extra.json', 'review.json'] as const)(
  'policy cases in %s',
  (file) => {
    it.each(
      loadCases(file).map((policyCase) => [policyCase.id, policyCase.why, policyCase] as const),
    )('%s: %s', (_id, _why, policyCase) => {
      const analysis = analyzePolicy(JSON.stringify(policyCase.policy), optionsFor(policyCase));

      expect(acceptedVerdicts(policyCase), policyCase.why).toContain(analysis.verdict);
      expect(analysis.statements.every((statement) => statement.reasons.length > 0)).toBe(true);
    });
  },
);

describe('malformed documents', () => {
  const cases: { id: string; why: string; text: string }[] = JSON.parse(
    readFileSync(new URL('../fixtures/policies/malformed.json', import.meta.url), 'utf8'),
  );

  it.each(cases.map((policyCase) => [policyCase.id, policyCase] as const))(
    '%s is refused as policy-malformed',
    (_id, policyCase) => {
      let error: unknown;
      try {
        analyzePolicy(policyCase.text, { kind: 'private', ownerAccount: OWNER });
      } catch (caught) {
        error = caught;
      }
      expect(isEcrCheckError(error, 'policy-malformed'), policyCase.why).toBe(true);
      expect((error as Error).message).toMatch(/^Malformed policy: .+\.$/);
    },
  );

  it('refuses a document over 10,240 characters as policy-too-long, naming the limit', () => {
    const statement = { Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' };
    const text = JSON.stringify({ Statement: Array.from({ length: 300 }, () => statement) });
    expect(text.length).toBeGreaterThan(10_240);

    expect(() => analyzePolicy(text, { kind: 'private', ownerAccount: OWNER })).toThrow(
      expect.objectContaining({
        code: 'policy-too-long',
        message: expect.stringContaining('10,240'),
      }),
    );
  });
});
