import { describe, expect, it } from 'vitest';
import { analyzePolicy } from '../../src/policy/analyze';
import type { AnalyzeOptions } from '../../src/policy/types';

const OWNER = '111122223333';
const PRIVATE: AnalyzeOptions = { kind: 'private', ownerAccount: OWNER };
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

function analyse(statements: unknown[], options: AnalyzeOptions = PRIVATE) {
  return analyzePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), options);
}

describe('analyzePolicy reasons', () => {
  it('says that "anyone" on a private repository means any authenticated AWS principal', () => {
    const analysis = analyse([{ Effect: 'Allow', Principal: '*', Action: PULL }]);

    expect(analysis.statements[0]?.reasons.join(' ')).toMatch(
      /any authenticated AWS principal in any account/,
    );
  });

  it('names unknown condition keys and does not count them as a restriction', () => {
    const analysis = analyse([
      {
        Effect: 'Allow',
        Principal: '*',
        Action: PULL,
        Condition: { StringEquals: { 'aws:CallerCountry': 'NL' } },
      },
    ]);

    expect(analysis.verdict).toBe('public-pull');
    expect(analysis.statements[0]?.unknownConditionKeys).toEqual(['aws:CallerCountry']);
    expect(analysis.statements[0]?.reasons.join(' ')).toContain('`aws:CallerCountry`');
  });

  it('explains why a negated, IfExists or Null entry is not a restriction', () => {
    const reasons = (operator: string) =>
      analyse([
        {
          Effect: 'Allow',
          Principal: '*',
          Action: PULL,
          Condition: { [operator]: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ]).statements[0]?.reasons.join(' ');

    expect(reasons('StringNotEquals')).toMatch(/everything except the listed values/);
    expect(reasons('StringEqualsIfExists')).toMatch(/no such key/);
    expect(reasons('Null')).toMatch(/whether the key is present/);
  });

  it('lists the concrete push and pull actions a wildcard grants', () => {
    const analysis = analyse([{ Effect: 'Allow', Principal: '*', Action: 'ECR:batch*' }]);

    expect(analysis.statements[0]?.actions.push).toContain('ecr:BatchDeleteImage');
    expect(analysis.statements[0]?.actions.pull).toContain('ecr:BatchGetImage');
    expect(analysis.statements[0]?.actions.pull).not.toContain('ecr:PutImage');
  });

  it('tells that an ECR Public repository stays pullable by anyone', () => {
    const analysis = analyse(
      [{ Effect: 'Allow', Principal: { AWS: OWNER }, Action: 'ecr-public:*' }],
      { kind: 'public', ownerAccount: OWNER },
    );

    expect(analysis.verdict).toBe('public-pull');
    expect(analysis.statements[0]?.verdict).toBe('private');
    expect(analysis.reasons.join(' ')).toMatch(/always be pulled by anyone/);
  });

  it('tells that a registry grant to everyone reaches every repository', () => {
    const analysis = analyse([{ Effect: 'Allow', Principal: '*', Action: 'ecr:ReplicateImage' }], {
      kind: 'registry',
      ownerAccount: OWNER,
    });

    expect(analysis.verdict).toBe('public-push');
    expect(analysis.reasons.join(' ')).toMatch(/every repository in the registry/);
  });

  it('names the Deny guard that lowers a public grant', () => {
    const analysis = analyse([
      { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'ecr:*' },
      {
        Sid: 'OrgOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      },
    ]);

    expect(analysis.verdict).toBe('restricted');
    expect(analysis.statements.map((statement) => statement.verdict)).toEqual([
      'restricted',
      'private',
    ]);
    expect(analysis.reasons.join(' ')).toContain('statement 1 ("OrgOnly")');
  });

  it('reports each statement with its index, Sid and effect', () => {
    const analysis = analyse([
      { Sid: 'Mine', Effect: 'Allow', Principal: { AWS: OWNER }, Action: PULL },
      { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: PULL },
    ]);

    expect(
      analysis.statements.map(({ index, sid, effect, verdict }) => [index, sid, effect, verdict]),
    ).toEqual([
      [0, 'Mine', 'Allow', 'private'],
      [1, null, 'Allow', 'cross-account'],
    ]);
    expect(analysis.verdict).toBe('cross-account');
  });
});

describe('analyzePolicy input', () => {
  it('leaves the text and the parsed document untouched', () => {
    const text = JSON.stringify({
      Statement: { Effect: 'Allow', Principal: { AWS: '*' }, Action: ['ECR:PutImage'] },
    });
    const copy = `${text}`;

    analyzePolicy(text, PRIVATE);

    expect(text).toBe(copy);
  });

  it('reads a policy with a byte order mark and surrounding whitespace', () => {
    const text = `\uFEFF\n  ${JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: PULL }] })}\n`;

    expect(analyzePolicy(text, PRIVATE).verdict).toBe('public-pull');
  });
});
