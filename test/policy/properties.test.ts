import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzePolicy } from '../../src/policy/analyze';
import { VERDICTS_WORST_FIRST } from '../../src/policy/types';
import { isEcrCheckError } from '../../src/shared/errors';
import { policyDocument } from './arbitraries';

const OPTIONS = { kind: 'private', ownerAccount: '111122223333' } as const;
const KINDS = fc.constantFrom('private', 'public', 'registry') as fc.Arbitrary<
  'private' | 'public' | 'registry'
>;

/** Runs the engine and fails the property on anything but a verdict or a policy error. */
function judgeOrRefuse(text: string, kind: 'private' | 'public' | 'registry' = 'private'): void {
  try {
    const analysis = analyzePolicy(text, { ...OPTIONS, kind });
    expect(VERDICTS_WORST_FIRST).toContain(analysis.verdict);
  } catch (error) {
    if (isEcrCheckError(error, 'policy-malformed') || isEcrCheckError(error, 'policy-too-long')) {
      return;
    }
    throw error;
  }
}

describe('analyzePolicy never crashes', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => judgeOrRefuse(text)));
  });

  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), KINDS, (value, kind) =>
        judgeOrRefuse(JSON.stringify(value), kind),
      ),
    );
  });

  it('on arbitrary JSON wrapped as a Statement', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => judgeOrRefuse(JSON.stringify({ Statement: value }))),
    );
  });

  it('on policy-shaped documents, and judges each without changing the text', () => {
    fc.assert(
      fc.property(policyDocument(), KINDS, (document, kind) => {
        const text = JSON.stringify(document);
        const before = JSON.stringify(document);
        judgeOrRefuse(text, kind);
        expect(JSON.stringify(document)).toBe(before);
      }),
      { numRuns: 500 },
    );
  });
});
