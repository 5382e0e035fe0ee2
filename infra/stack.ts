import {
  type CfnElement,
  CfnOutput,
  Duration,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { DeployConfig } from './config';
import { EcrCheckAlarms } from './constructs/alarms';
import { DigestSchedule } from './constructs/digest-schedule';
import { EcrCheckFunction } from './constructs/ecr-check-function';
import { grantEcrRead, grantEcrWrite } from './constructs/ecr-permissions';
import { StoreTable } from './constructs/store-table';

export interface EcrCheckStackProps extends StackProps {
  config: DeployConfig;
}

/**
 * ecr-check on AWS: a public Function URL in front of the edge function (Slack ingress), the
 * worker that scans and changes repository policies, the digest function run daily by
 * EventBridge Scheduler, the store's table, the two Slack secrets (by name) and the alarms.
 */
export class EcrCheckStack extends Stack {
  readonly edge: EcrCheckFunction;
  readonly worker: EcrCheckFunction;
  readonly digest: EcrCheckFunction;

  constructor(scope: Construct, id: string, props: EcrCheckStackProps) {
    super(scope, id, props);
    const { config } = props;

    if (config.channel === '') {
      Validations.of(this).addWarning(
        'ecr-check:no-channel',
        'No Slack channel set: the digest has nowhere to post. Deploy with -c channel=C0123456789.',
      );
    }

    const store = new StoreTable(this, 'Store');
    const signingSecret = Secret.fromSecretNameV2(
      this,
      'SlackSigningSecret',
      config.slackSigningSecretName,
    );
    const botToken = Secret.fromSecretNameV2(this, 'SlackBotToken', config.slackBotTokenSecretName);

    const shared: Record<string, string> = compact({
      DYNAMODB_TABLE: store.table.tableName,
      SLACK_SIGNING_SECRET_NAME: config.slackSigningSecretName,
      SLACK_BOT_TOKEN_SECRET_NAME: config.slackBotTokenSecretName,
      SLACK_CHANNEL_ID: config.channel,
      ECR_CHECK_ACCOUNT_ID: this.account,
      ECR_CHECK_REGIONS: config.regions.join(','),
      ECR_CHECK_APPROVERS: config.approvers.join(','),
      ECR_CHECK_TRUSTED_ACCOUNTS: config.trustedAccounts.join(','),
      ECR_CHECK_TRUSTED_ORG: config.trustedOrg ?? '',
      SLACK_TEAM_ID: config.slackTeamId ?? '',
    });
    const logging = {
      logLevel: config.logLevel,
      logRetention: retentionDays(config.logRetentionDays),
    };

    // The worker scans and changes policies for a person waiting in Slack: one retry, and no
    // later than fifteen minutes, after which the answer is stale. The store's conditional
    // transitions keep a retried change to one effect.
    this.worker = new EcrCheckFunction(this, 'Worker', {
      role: 'worker',
      description: 'ecr-check: scans, applies and reverts remediations',
      memorySize: 1024,
      timeout: Duration.minutes(10),
      environment: shared,
      ...logging,
      asyncRetryAttempts: 1,
      asyncMaxEventAge: Duration.minutes(15),
    });

    const handsOff = { ...shared, WORKER_FUNCTION_NAME: this.worker.fn.functionName };
    this.edge = new EcrCheckFunction(this, 'Edge', {
      role: 'edge',
      description: 'ecr-check: Slack requests (verify, authorise, record, hand off)',
      memorySize: 1024,
      timeout: Duration.seconds(10),
      environment: handsOff,
      ...logging,
      asyncRetryAttempts: 0,
      asyncMaxEventAge: Duration.minutes(1),
    });

    // Scheduler invokes asynchronously, so Lambda's own retries would post a failing digest
    // again; none are allowed (see DigestSchedule).
    this.digest = new EcrCheckFunction(this, 'Digest', {
      role: 'digest',
      description: 'ecr-check: daily digest',
      memorySize: 1024,
      timeout: Duration.minutes(10),
      environment: handsOff,
      ...logging,
      asyncRetryAttempts: 0,
      asyncMaxEventAge: Duration.minutes(10),
    });

    const all = [this.edge, this.worker, this.digest];
    const tableId = this.getLogicalId(store.table.node.defaultChild as CfnElement);
    for (const part of all) {
      store.table.grantReadWriteData(part.role);
      Validations.of(part.role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
        reason: "The store queries its table's own secondary indexes (history and lists).",
      });
      signingSecret.grantRead(part.role);
      botToken.grantRead(part.role);
      grantEcrRead(this, part.role);
    }
    grantEcrWrite(this, this.worker.role);
    // Only the unqualified function: the hand-off invokes $LATEST by name, no version or alias.
    for (const part of [this.edge, this.digest]) {
      part.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: [this.worker.fn.functionArn],
        }),
      );
    }

    const ingress = this.slackIngress(config.edgeProvisionedConcurrency);
    const schedule = new DigestSchedule(this, 'DigestSchedule', {
      digest: this.digest.fn,
      hour: config.digestHour,
      minute: config.digestMinute,
      timeZone: config.digestTimeZone,
    });
    this.acknowledgeSchedulerInvoke();
    new EcrCheckAlarms(this, 'Alarms', {
      functions: { edge: this.edge.fn, worker: this.worker.fn, digest: this.digest.fn },
      scheduleGroup: schedule.group,
      action: config.alarmTopicArn
        ? new SnsAction(Topic.fromTopicArn(this, 'AlarmTopic', config.alarmTopicArn))
        : undefined,
    });

    new CfnOutput(this, 'SlackRequestUrl', {
      description: 'Request URL for the Slack app (slash command, interactivity)',
      value: ingress,
    });
    new CfnOutput(this, 'TableName', { value: store.table.tableName });
    new CfnOutput(this, 'DigestFunctionName', { value: this.digest.fn.functionName });
  }

  /**
   * A Function URL without IAM auth: Slack cannot sign AWS requests, and every request is
   * verified by its Slack signature inside the edge function before anything runs. With warm
   * instances asked for, the URL points at an alias that keeps them.
   */
  private slackIngress(provisioned: number): string {
    let target: IFunction = this.edge.fn;
    if (provisioned > 0) {
      target = this.edge.fn.addAlias('live', { provisionedConcurrentExecutions: provisioned });
    }
    const url = target.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    return `${url.url}slack/events`;
  }

  /** The Scheduler target role CDK creates may invoke the digest function and its versions. */
  private acknowledgeSchedulerInvoke(): void {
    const digestArn = this.getLogicalId(this.digest.fn.node.defaultChild as CfnElement);
    for (const child of this.node.children) {
      if (child instanceof Role && child.node.id.startsWith('SchedulerRoleForTarget')) {
        Validations.of(child).acknowledge({
          id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${digestArn}.Arn>:*]`,
          reason:
            'Created by the Scheduler Lambda target: it may invoke the digest function and its ' +
            'versions, nothing else.',
        });
      }
    }
  }
}

function compact(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
}

function retentionDays(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter((value) => typeof value === 'number');
  const match = allowed.find((value) => value === days);
  if (match === undefined) {
    throw new Error(`logRetentionDays must be one of ${allowed.join(', ')}; got ${days}`);
  }
  return match as RetentionDays;
}
