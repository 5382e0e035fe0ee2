import { describe, expect, it } from 'vitest';
import { analyzePolicy } from '../../src/policy/analyze';
import { planRemediation } from '../../src/policy/planner';
import { printable } from '../../src/policy/printable';
import { formatAnalysisText } from '../../src/policy/text-report';

const OPTIONS = { kind: 'private', ownerAccount: '111122223333' } as const;
/** Clear screen, green "private", carriage return, right-to-left override, NUL, newline. */
const NASTY = '\u001b[2J\u001b[32mprivate\u001b[0m\r\u202eevil\u0000\nstatement 9: private';
/** True when the text holds something a terminal, log viewer or CI page would act on. */
function hasControl(text: string): boolean {
  return [...text.replace(/\n/g, '')].some((char) => {
    const code = char.codePointAt(0) ?? 0;
    return (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      /[\u200e\u200f\u2028-\u202e\u2066-\u2069\u061c]/.test(char)
    );
  });
}

function policy(statement: Record<string, unknown>): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
}

describe('plain-text output of policy-supplied strings', () => {
  it('shows control and bidi characters in a Sid as escapes, not as terminal commands', () => {
    const analysis = analyzePolicy(
      policy({ Sid: NASTY, Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }),
      OPTIONS,
    );
    const report = formatAnalysisText(analysis, 'policy.json');

    expect(hasControl(report)).toBe(false);
    expect(report).toContain('\\x1b[2J');
    expect(report).toContain('\\r\\u202eevil\\x00\\nstatement 9: private');
    // Still one line per statement: the Sid cannot start a fake one.
    expect(report.split('\n').filter((line) => line.startsWith('statement '))).toEqual([
      expect.stringMatching(/^statement 0 ".*" \(Allow\): public-pull$/),
    ]);
  });

  it('escapes principals, actions and condition keys and values taken from the policy', () => {
    const analysis = analyzePolicy(
      policy({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::*:role/${NASTY}` },
        Action: ['ecr:BatchGetImage', `ecr:${NASTY}`],
        Condition: {
          StringLike: { [`aws:${NASTY}`]: 'x', 'aws:PrincipalArn': `arn:aws:iam::*:${NASTY}` },
        },
      }),
      OPTIONS,
    );
    const report = formatAnalysisText(analysis, `dir/\u001b[31mfile.json`);

    expect(hasControl(report)).toBe(false);
    expect(report).toContain('aws:\\x1b[2J');
    expect(report).toContain('dir/\\x1b[31mfile.json');
  });

  it('keeps ordinary text, including non-Latin letters, as written', () => {
    expect(printable('Pull für ČI 拉取 tab\there')).toBe('Pull für ČI 拉取 tab\\there');
  });

  it('keeps JSON data as written: the Sid field is the policy text', () => {
    const analysis = analyzePolicy(
      policy({ Sid: NASTY, Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }),
      OPTIONS,
    );
    expect(JSON.parse(JSON.stringify(analysis)).statements[0].sid).toBe(NASTY);
  });
});

describe('the remediation summary', () => {
  it('quotes a Sid without control characters and with its quotes escaped', () => {
    const sid = `x"), statement 1 ("fine${NASTY}`;
    const plan = planRemediation(
      policy({ Sid: sid, Effect: 'Allow', Principal: '*', Action: 'ecr:*' }),
      OPTIONS,
      'remove',
    );

    expect(hasControl(plan.summary)).toBe(false);
    expect(plan.summary).not.toContain('\n');
    expect(plan.summary).toContain('statement 0 ("x\\"), statement 1 (\\"fine\\x1b[2J');
  });
});
