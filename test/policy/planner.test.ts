import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzePolicy } from '../../src/policy/analyze';
import { planRemediation } from '../../src/policy/planner';
import type { AnalyzeOptions, PolicyKind, RemediationMode } from '../../src/policy/types';
import { isWorse } from '../../src/policy/verdict';
import { isEcrCheckError } from '../../src/shared/errors';
import { policyDocument } from './arbitraries';

const OWNER = '111122223333';
const ORG = 'o-a1b2c3d4e5';
const PRIVATE: AnalyzeOptions = { kind: 'private', ownerAccount: OWNER };
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

const lambdaPull = {
  Sid: 'LambdaPull',
  Effect: 'Allow',
  Principal: { Service: 'lambda.amazonaws.com' },
  Action: PULL,
  Condition: { StringLike: { 'aws:sourceArn': `arn:aws:lambda:us-east-1:${OWNER}:function:*` } },
};
const openPush = { Sid: 'OpenPush', Effect: 'Allow', Principal: '*', Action: 'ecr:*' };
const ciPush = {
  Sid: 'CiPush',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${OWNER}:role/ci` },
  Action: ['ecr:PutImage', 'ecr:UploadLayerPart'],
};
const partner = {
  Sid: 'Partner',
  Effect: 'Allow',
  Principal: { AWS: '444455556666' },
  Action: PULL,
};

function text(statements: unknown[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

describe('planRemediation remove', () => {
  it('drops only the findings and keeps the other statements, in order, as written', () => {
    const plan = planRemediation(text([lambdaPull, openPush, ciPush, partner]), PRIVATE, 'remove');

    expect(plan.action).toBe('set');
    if (plan.action !== 'set') return;
    expect(plan.changedStatements).toEqual([1, 3]);
    expect(JSON.parse(plan.document).Statement).toEqual([lambdaPull, ciPush]);
    expect(plan.verdictAfter).toBe('private');
    expect(plan.summary).toContain('statement 1 ("OpenPush")');
  });

  it('says to delete the policy when every statement is a finding', () => {
    const plan = planRemediation(text([openPush, partner]), PRIVATE, 'remove');

    expect(plan).toMatchObject({
      action: 'delete',
      changedStatements: [0, 1],
      verdictAfter: 'private',
    });
    expect(plan.summary).toMatch(/delete the policy/);
  });

  it('proposes nothing for a policy without findings', () => {
    expect(planRemediation(text([lambdaPull, ciPush]), PRIVATE, 'remove')).toMatchObject({
      action: 'none',
      changedStatements: [],
    });
  });

  it('keeps a Deny guard and the statements it makes restricted', () => {
    const guard = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'ecr:*',
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
    };
    const plan = planRemediation(text([openPush, guard, partner]), PRIVATE, 'remove');

    expect(plan.action === 'set' && JSON.parse(plan.document).Statement).toEqual([openPush, guard]);
  });

  it('on ECR Public removes only public push grants and says the repository stays public', () => {
    const pullAll = {
      Sid: 'Read',
      Effect: 'Allow',
      Principal: '*',
      Action: 'ecr-public:Describe*',
    };
    const pushAll = { Sid: 'Push', Effect: 'Allow', Principal: '*', Action: 'ecr-public:*' };
    const plan = planRemediation(
      text([pullAll, pushAll]),
      { kind: 'public', ownerAccount: OWNER },
      'remove',
    );

    expect(plan.action === 'set' && JSON.parse(plan.document).Statement).toEqual([pullAll]);
    expect(plan.action === 'set' && plan.verdictAfter).toBe('public-pull');
    expect(plan.summary).toMatch(/stays public/);
  });
});

describe('planRemediation restrict-to-org', () => {
  it('adds aws:PrincipalOrgID to the findings and leaves the rest alone', () => {
    const plan = planRemediation(text([lambdaPull, openPush]), PRIVATE, 'restrict-to-org', {
      orgId: ORG,
    });

    expect(plan.action).toBe('set');
    if (plan.action !== 'set') return;
    const statements = JSON.parse(plan.document).Statement;
    expect(statements[0]).toEqual(lambdaPull);
    expect(statements[1]).toEqual({
      ...openPush,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
    });
    expect(plan.verdictAfter).toBe('restricted');
  });

  it('merges into an existing StringEquals and replaces a weaker org value', () => {
    // The caller sets its own principal tags, so this org value is whatever the caller says.
    const weak = {
      ...openPush,
      Condition: {
        StringEquals: {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not JS.
          'aws:principalorgid': '${aws:PrincipalTag/org}',
          'aws:PrincipalTag/team': 'platform',
        },
      },
    };
    const plan = planRemediation(text([weak]), PRIVATE, 'restrict-to-org', { orgId: ORG });

    expect(plan.action === 'set' && JSON.parse(plan.document).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:PrincipalTag/team': 'platform', 'aws:PrincipalOrgID': ORG },
    });
  });

  it('scopes an unscoped service principal with aws:SourceOrgID, in its own statement', () => {
    const mixed = {
      Sid: 'Mixed',
      Effect: 'Allow',
      Principal: { AWS: '444455556666', Service: 'codebuild.amazonaws.com' },
      Action: PULL,
    };
    const plan = planRemediation(text([mixed]), PRIVATE, 'restrict-to-org', { orgId: ORG });

    expect(plan.action === 'set' && JSON.parse(plan.document).Statement).toEqual([
      {
        ...mixed,
        Principal: { AWS: '444455556666' },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
      },
      {
        ...mixed,
        Sid: 'MixedServices',
        Principal: { Service: 'codebuild.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceOrgID': ORG } },
      },
    ]);
  });

  it('refuses without a valid organization id', () => {
    for (const orgId of [undefined, 'not-an-org']) {
      expect(() =>
        planRemediation(text([openPush]), PRIVATE, 'restrict-to-org', { orgId }),
      ).toThrow(expect.objectContaining({ code: 'config-invalid' }));
    }
  });

  it("refuses a restricted document that would not fit ECR's limit", () => {
    const many = Array.from({ length: 90 }, (_, index) => ({ ...openPush, Sid: `S${index}` }));
    expect(text(many).length).toBeLessThan(10_240);

    expect(() => planRemediation(text(many), PRIVATE, 'restrict-to-org', { orgId: ORG })).toThrow(
      expect.objectContaining({ code: 'policy-too-long' }),
    );
  });
});

describe('planned remediations (property)', () => {
  const kinds = fc.constantFrom<PolicyKind>('private', 'public', 'registry');
  const modes = fc.constantFrom<RemediationMode>('remove', 'restrict-to-org');

  it('never analyse worse than restricted (public-pull on ECR Public) and fit 10,240 characters', () => {
    fc.assert(
      fc.property(policyDocument(), kinds, modes, (document, kind, mode) => {
        const options: AnalyzeOptions = { kind, ownerAccount: OWNER };
        const before = JSON.stringify(document);
        let plan: ReturnType<typeof planRemediation>;
        try {
          plan = planRemediation(before, options, mode, { orgId: ORG });
        } catch (error) {
          if (isEcrCheckError(error, 'policy-malformed')) return;
          throw error;
        }
        const limit = kind === 'public' ? 'public-pull' : 'restricted';

        expect(JSON.stringify(document)).toBe(before);
        if (plan.action === 'none') {
          expect(
            isWorse(analyzePolicy(before, { ...options, trustedOrgs: [ORG] }).verdict, limit),
          ).toBe(false);
          return;
        }
        if (plan.action === 'delete') return;
        expect(plan.document.length).toBeLessThanOrEqual(10_240);
        const after = analyzePolicy(plan.document, {
          ...options,
          trustedOrgs: mode === 'remove' ? [] : [ORG],
        });
        expect(isWorse(after.verdict, limit)).toBe(false);
        expect(after.verdict).toBe(plan.verdictAfter);
      }),
      { numRuns: 400 },
    );
  });
});
