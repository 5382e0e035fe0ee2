import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandActions } from '../../src/policy/actions';
import { analyzePolicy } from '../../src/policy/analyze';
import { type GlobCounter, matchesGlob } from '../../src/policy/glob';
import { VERDICTS_WORST_FIRST } from '../../src/policy/types';

/** A plainly written reference: dynamic programming over (pattern, text) prefixes. */
function referenceMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let row = [true, ...Array.from({ length: t.length }, () => false)];
  for (const char of p) {
    const next = [char === '*' && row[0] === true];
    for (let j = 1; j <= t.length; j += 1) {
      if (char === '*') next[j] = row[j] === true || next[j - 1] === true;
      else next[j] = row[j - 1] === true && (char === '?' || char === t[j - 1]);
    }
    row = next;
  }
  return row[t.length] === true;
}

/** Wildcard runs an attacker might write to make a matcher backtrack. */
const HOSTILE = [
  `ecr:${'*'.repeat(10)}!`,
  `ecr:${'*'.repeat(200)}!`,
  `${'*a'.repeat(100)}!`,
  `ecr:${'*?'.repeat(100)}x!`,
  `ecr:${'?'.repeat(200)}`,
  `${'*'.repeat(100)}${'?'.repeat(100)}!`,
  `arn:aws:ecr:*:*:repository/${'*'.repeat(200)}!`,
  `arn:aws:iam::${'*'.repeat(150)}:role/${'*?'.repeat(50)}!`,
];
const hostile = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc
    .array(fc.constantFrom('*', '*', '?', 'a', 'E', 'c', 'r', ':', '!'), { maxLength: 300 })
    .map((chars) => chars.join('')),
);

describe('wildcard matching', () => {
  it('matches IAM-style patterns case-insensitively, as whole names', () => {
    expect(matchesGlob('ecr:Batch*', 'ecr:BatchGetImage')).toBe(true);
    expect(matchesGlob('ECR:*image', 'ecr:PutImage')).toBe(true);
    expect(matchesGlob('ecr:?etDownloadUrlForLayer', 'ecr:GetDownloadUrlForLayer')).toBe(true);
    expect(matchesGlob('ecr:Put*', 'ecr:BatchGetImage')).toBe(false);
    expect(matchesGlob('ecr:Get', 'ecr:GetAuthorizationToken')).toBe(false);
    expect(matchesGlob('*', '')).toBe(true);
    expect(matchesGlob('?', '')).toBe(false);
    expect(matchesGlob('ecr:Put.mage', 'ecr:PutImage')).toBe(false);
  });

  it('agrees with a reference matcher on random patterns and names', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'B', 'b', ':', '.'), maxLength: 12 });
    const pattern = fc.string({
      unit: fc.constantFrom('a', 'b', 'A', '*', '?', ':', '.'),
      maxLength: 10,
    });
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        expect(matchesGlob(p, t)).toBe(referenceMatch(p, t));
      }),
      { numRuns: 2000 },
    );
  });

  it('does at most (pattern + 1) × (name + 1) steps, even for long runs of * and ?', () => {
    const names = ['ecr:BatchGetImage', 'ecr-public:PutRegistryCatalogData', 'a'.repeat(300)];
    fc.assert(
      fc.property(hostile, fc.constantFrom(...names), (pattern, name) => {
        const counter: GlobCounter = { steps: 0 };
        matchesGlob(pattern, name, counter);
        expect(counter.steps).toBeLessThanOrEqual((pattern.length + 1) * (name.length + 1));
      }),
    );
  });

  it('expands a star-run action that matches nothing to no action', () => {
    expect(expandActions([`ecr:${'*'.repeat(200)}!`], false, 'private')).toEqual({
      push: [],
      pull: [],
    });
    expect(expandActions([`ecr:${'*'.repeat(200)}`], false, 'private').push).toContain(
      'ecr:PutImage',
    );
  });
});

const OPTIONS = { kind: 'private', ownerAccount: '111122223333' } as const;

describe('policies full of wildcards are judged, not hung on', () => {
  // Each of these hung analyzePolicy for seconds to hours when actions became regular expressions.
  it('judges the 98-byte star-run action from the trial', () => {
    const text =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:**********!"}]}';
    expect(analyzePolicy(text, OPTIONS).verdict).toBe('private');
  });

  it('judges star and question-mark runs in actions, resources, principals and conditions', () => {
    const kind = fc.constantFrom('private', 'public', 'registry') as fc.Arbitrary<
      'private' | 'public' | 'registry'
    >;
    const operator = fc.constantFrom('StringLike', 'ArnLike', 'StringNotLike', 'ArnNotLike');
    const key = fc.constantFrom('aws:PrincipalArn', 'aws:SourceArn', 'aws:PrincipalOrgID');
    const statement = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      Principal: fc.oneof(
        fc.constant('*' as unknown),
        hostile.map((value) => ({ AWS: value })),
      ),
      Action: fc.array(hostile, { minLength: 1, maxLength: 3 }),
      Resource: hostile,
      Condition: fc.tuple(operator, key, hostile).map(([op, name, value]) => ({
        [op]: { [name]: value },
      })),
    });
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), kind, (list, which) => {
        const analysis = analyzePolicy(JSON.stringify({ Statement: list }), {
          ...OPTIONS,
          kind: which,
        });
        expect(VERDICTS_WORST_FIRST).toContain(analysis.verdict);
      }),
      { numRuns: 300 },
    );
  });

  it('judges a NotAction star run as granting everything else', () => {
    const text = JSON.stringify({
      Statement: { Effect: 'Allow', Principal: '*', NotAction: `ecr:${'*?'.repeat(300)}!` },
    });
    expect(analyzePolicy(text, OPTIONS).verdict).toBe('public-push');
  });
});
