import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ECR_WRITE_ACTIONS } from '../../infra/constructs/ecr-permissions';
import { type Synthesized, synthesize } from './synth';

// Values that must never reach the template or a bundle: if the app read secrets from the
// environment, these are what it would find.
const FAKE_BOT_TOKEN = 'xoxb-111111111111-2222222222222-abcdefghijklmnopqrstuvwx';
const FAKE_SIGNING_SECRET = '8f3b2c1d0e9a8b7c6d5e4f3a2b1c0d9e';

let synth: Synthesized;
let template: Template;
// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON; the tests check its shape.
type Json = any;

let json: Record<string, Json>;

beforeAll(() => {
  process.env.SLACK_BOT_TOKEN = FAKE_BOT_TOKEN;
  process.env.SLACK_SIGNING_SECRET = FAKE_SIGNING_SECRET;
  try {
    synth = synthesize({
      channel: 'C0DIGEST01',
      digestTime: '07:45',
      digestTimeZone: 'Europe/Berlin',
      regions: 'eu-west-1,us-east-1',
      approvers: 'U0APPROVER1,S0SECTEAM1',
      trustedAccounts: '111122223333',
      trustedOrg: 'o-a1b2c3d4e5',
    });
  } finally {
    delete process.env.SLACK_BOT_TOKEN;
    delete process.env.SLACK_SIGNING_SECRET;
  }
  template = Template.fromStack(synth.stack);
  json = template.toJSON();
}, 240_000); // bundles three functions; slow on a busy machine, never a test of speed

function resourcesOf(type: string): Array<[string, Json]> {
  return Object.entries(json.Resources).filter(([, resource]: [string, Json]) => {
    return resource.Type === type;
  }) as Array<[string, Json]>;
}

/** Every IAM statement in the template with the role(s) it applies to. */
function statements(): Array<{ roles: string[]; statement: Json }> {
  const out: Array<{ roles: string[]; statement: Json }> = [];
  for (const [, policy] of resourcesOf('AWS::IAM::Policy')) {
    const roles = (policy.Properties.Roles ?? []).map((role: Json) => role.Ref);
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      out.push({ roles, statement });
    }
  }
  for (const [id, role] of resourcesOf('AWS::IAM::Role')) {
    for (const inline of role.Properties.Policies ?? []) {
      for (const statement of inline.PolicyDocument.Statement) out.push({ roles: [id], statement });
    }
  }
  return out;
}

function actionsOf(statement: Json): string[] {
  const actions = statement.Action ?? statement.NotAction ?? [];
  return Array.isArray(actions) ? actions : [actions];
}

function functionIds() {
  return {
    edge: synth.logicalId(synth.stack.edge.fn),
    worker: synth.logicalId(synth.stack.worker.fn),
    digest: synth.logicalId(synth.stack.digest.fn),
  };
}

describe('Slack ingress', () => {
  it('is a public Function URL on the edge function, which checks Slack signatures itself', () => {
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [functionIds().edge, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunctionUrl',
      FunctionUrlAuthType: 'NONE',
      Principal: '*',
      FunctionName: { 'Fn::GetAtt': [functionIds().edge, 'Arn'] },
    });
    template.hasOutput('SlackRequestUrl', {
      Value: {
        'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.anyValue(), 'FunctionUrl'] }, 'slack/events']],
      },
    });
  });

  it('lets no other function be invoked from outside the account', () => {
    const publicPermissions = resourcesOf('AWS::Lambda::Permission').filter(
      ([, permission]) => permission.Properties.Principal === '*',
    );
    for (const [, permission] of publicPermissions) {
      expect(permission.Properties.FunctionName).toEqual({
        'Fn::GetAtt': [functionIds().edge, 'Arn'],
      });
    }
  });
});

describe('least privilege', () => {
  it("gives ECR write permissions to exactly one role, the worker function's", () => {
    const writers = new Set<string>();
    for (const { roles, statement } of statements()) {
      if (
        actionsOf(statement).some((action) =>
          (ECR_WRITE_ACTIONS as readonly string[]).includes(action),
        )
      ) {
        for (const role of roles) writers.add(role);
      }
    }
    expect([...writers]).toEqual([synth.logicalId(synth.stack.worker.role)]);

    const granted = statements()
      .filter(({ roles }) => roles.includes([...writers][0] as string))
      .flatMap(({ statement }) => actionsOf(statement));
    for (const action of ECR_WRITE_ACTIONS) expect(granted).toContain(action);
  });

  it('grants no action by wildcard, in Json policy of the template', () => {
    const all: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'Action' || key === 'NotAction') {
            all.push(
              ...(Array.isArray(inner) ? inner : [inner]).filter((a) => typeof a === 'string'),
            );
          } else walk(inner);
        }
      }
    };
    walk(json.Resources);

    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((action) => action.includes('*'))).toEqual([]);
  });

  it('lets the edge and digest functions read ECR but not change it', () => {
    const ids = {
      edge: synth.logicalId(synth.stack.edge.role),
      digest: synth.logicalId(synth.stack.digest.role),
    };
    for (const role of Object.values(ids)) {
      const actions = statements()
        .filter(({ roles }) => roles.includes(role))
        .flatMap(({ statement }) => actionsOf(statement));
      expect(actions).toEqual(
        expect.arrayContaining([
          'ecr:GetRepositoryPolicy',
          'ecr:GetRegistryPolicy',
          'ecr-public:GetRepositoryPolicy',
          'lambda:InvokeFunction',
        ]),
      );
      expect(
        actions.filter((action) =>
          /^ecr(-public)?:(Set|Delete|Put|Create|Batch|Upload|Tag)/.test(action),
        ),
      ).toEqual([]);
    }
  });
});

describe('daily digest schedule', () => {
  it('runs at the configured time in the configured time zone, tried once', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(45 7 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [functionIds().digest, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: Match.anyValue() },
      },
    });
    const [, schedule] = resourcesOf('AWS::Scheduler::Schedule')[0] as [string, Json];
    expect(schedule.Properties.Target.RetryPolicy.MaximumEventAgeInSeconds).toBeLessThanOrEqual(
      900,
    );
  });

  it('is not retried by Lambda either, since Scheduler invokes the digest asynchronously', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionIds().digest },
      MaximumRetryAttempts: 0,
    });
  });
});

describe('store table', () => {
  it('is on demand, recoverable, protected, encrypted, expiring and retained', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        SSESpecification: { SSEEnabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      },
    });
  });

  it("has the store's two indexes", () => {
    const [, table] = resourcesOf('AWS::DynamoDB::Table')[0] as [string, Json];
    const indexes = table.Properties.GlobalSecondaryIndexes.map((index: Json) => ({
      name: index.IndexName,
      keys: index.KeySchema.map((key: Json) => key.AttributeName),
      projection: index.Projection.ProjectionType,
    }));
    expect(indexes).toEqual([
      { name: 'gsi1', keys: ['gsi1pk', 'gsi1sk'], projection: 'ALL' },
      { name: 'gsi2', keys: ['gsi2pk', 'gsi2sk'], projection: 'ALL' },
    ]);
  });
});

describe('functions', () => {
  it('run on current Node.js on arm64 with JSON logs and source maps', () => {
    const functions = resourcesOf('AWS::Lambda::Function');
    expect(functions).toHaveLength(3);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.LoggingConfig.LogFormat).toBe('JSON');
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(fn.Properties.Handler).toBe('index.handler');
    }
  });

  it('keep their logs for a set time, each in its own log group', () => {
    const groups = resourcesOf('AWS::Logs::LogGroup');
    expect(groups).toHaveLength(3);
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(90);
    for (const [, fn] of resourcesOf('AWS::Lambda::Function')) {
      expect(groups.map(([id]) => id)).toContain(fn.Properties.LoggingConfig.LogGroup.Ref);
    }
  });

  it('get the configuration the functions read, with secrets by name only', () => {
    const ids = functionIds();
    for (const [name, id] of Object.entries(ids)) {
      const env = json.Resources[id].Properties.Environment.Variables;
      expect(env).toMatchObject({
        DYNAMODB_TABLE: {
          Ref: synth.logicalId(
            synth.stack.node.findChild('Store').node.findChild('Table') as never,
          ),
        },
        SLACK_SIGNING_SECRET_NAME: 'ecr-check/slack-signing-secret',
        SLACK_BOT_TOKEN_SECRET_NAME: 'ecr-check/slack-bot-token',
        SLACK_CHANNEL_ID: 'C0DIGEST01',
        ECR_CHECK_REGIONS: 'eu-west-1,us-east-1',
        ECR_CHECK_APPROVERS: 'U0APPROVER1,S0SECTEAM1',
        ECR_CHECK_TRUSTED_ACCOUNTS: '111122223333',
        ECR_CHECK_TRUSTED_ORG: 'o-a1b2c3d4e5',
        POWERTOOLS_SERVICE_NAME: 'ecr-check',
      });
      expect(env.SLACK_BOT_TOKEN).toBeUndefined();
      expect(env.SLACK_SIGNING_SECRET).toBeUndefined();
      if (name === 'worker') expect(env.WORKER_FUNCTION_NAME).toBeUndefined();
      else expect(env.WORKER_FUNCTION_NAME).toEqual({ Ref: ids.worker });
    }
  });

  it('may read both Slack secrets, found by name', () => {
    const secretReads = statements().filter(({ statement }) =>
      actionsOf(statement).includes('secretsmanager:GetSecretValue'),
    );
    const text = JSON.stringify(secretReads);
    expect(text).toContain(':secret:ecr-check/slack-signing-secret-??????');
    expect(text).toContain(':secret:ecr-check/slack-bot-token-??????');
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });
});

describe('secrets', () => {
  it('appear nowhere in the template or the bundles', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(synth.outdir);
    expect(files.some((file) => file.endsWith('index.mjs'))).toBe(true);

    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(FAKE_BOT_TOKEN);
      expect(text, file).not.toContain(FAKE_SIGNING_SECRET);
    }
    expect(JSON.stringify(json)).not.toMatch(/xox[abposr]-/);
  });
});

describe('alarms', () => {
  it('watch errors of each function and a failed digest', () => {
    const alarms = resourcesOf('AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(4);
    for (const id of Object.values(functionIds())) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'Errors',
        Namespace: 'AWS/Lambda',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
        Threshold: 1,
      });
    }
    const digestFailed = alarms.find(([id]) => id.includes('DigestFailed'));
    const metrics = JSON.stringify(digestFailed?.[1].Properties.Metrics);
    expect(metrics).toContain('TargetErrorCount');
    expect(metrics).toContain('InvocationDroppedCount');
    expect(metrics).toContain(functionIds().digest);
  });
});

describe('cdk-nag AWS Solutions checks', () => {
  it('pass, and every acknowledged finding says why', () => {
    const report = JSON.parse(readFileSync(join(synth.outdir, 'validation-report.json'), 'utf8'));
    const nag = report.pluginReports.find((plugin: Json) => plugin.pluginName === 'AwsSolutions');
    expect(nag, 'cdk-nag did not run').toBeDefined();
    expect(nag.violations).toEqual([]);
    expect(nag.conclusion).toBe('success');

    expect(nag.suppressedViolations.length).toBeGreaterThan(0);
    for (const suppressed of nag.suppressedViolations) {
      expect(suppressed.reason.length, suppressed.ruleName).toBeGreaterThan(30);
    }
  });
});
