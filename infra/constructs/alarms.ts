import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';

export interface EcrCheckAlarmsProps {
  functions: Record<'edge' | 'worker' | 'digest', IFunction>;
  scheduleGroup: ScheduleGroup;
  /** Where alarms notify; without one they show in the CloudWatch console only. */
  action: IAlarmAction | undefined;
}

/**
 * An alarm on errors of each function (any error in five minutes), and a "digest failed" alarm
 * that fires when a scheduled digest run threw, could not be delivered to the function, or was
 * dropped by Scheduler, so a missed digest is noticed the same day.
 */
export class EcrCheckAlarms extends Construct {
  readonly functionErrors: Record<'edge' | 'worker' | 'digest', Alarm>;
  readonly digestFailed: Alarm;

  constructor(scope: Construct, id: string, props: EcrCheckAlarmsProps) {
    super(scope, id);

    const errorAlarm = (name: 'edge' | 'worker' | 'digest'): Alarm =>
      new Alarm(this, `${capitalise(name)}Errors`, {
        alarmDescription: `ecr-check ${name} function reported errors`,
        metric: props.functions[name].metricErrors({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    this.functionErrors = {
      edge: errorAlarm('edge'),
      worker: errorAlarm('worker'),
      digest: errorAlarm('digest'),
    };

    const period = Duration.hours(1);
    this.digestFailed = new Alarm(this, 'DigestFailed', {
      alarmDescription:
        'The daily digest did not reach Slack: the digest function failed, or Scheduler could ' +
        'not deliver or dropped the run. It is not retried; run `npx ecr-check digest` or ' +
        'invoke the digest function by hand after fixing the cause.',
      metric: new MathExpression({
        label: 'failed digest runs',
        expression: 'FILL(functionErrors, 0) + FILL(targetErrors, 0) + FILL(dropped, 0)',
        usingMetrics: {
          functionErrors: props.functions.digest.metricErrors({ period }),
          targetErrors: props.scheduleGroup.metricTargetErrors({ period }),
          dropped: props.scheduleGroup.metricDropped({ period }),
        },
        period,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    if (props.action) {
      for (const alarm of [...Object.values(this.functionErrors), this.digestFailed]) {
        alarm.addAlarmAction(props.action);
      }
    }
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
