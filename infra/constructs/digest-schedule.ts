import { Duration, TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

export interface DigestScheduleProps {
  digest: IFunction;
  hour: number;
  minute: number;
  timeZone: string;
}

/**
 * Runs the digest function once a day at a wall-clock time in a chosen time zone (EventBridge
 * Scheduler follows daylight saving time). Delivery is tried once and dropped after ten minutes:
 * a digest that arrives hours late or twice is worse than one missed day, which the "digest
 * failed" alarm reports. The function's own asynchronous retries are switched off as well (see
 * the stack), since Scheduler hands the event to Lambda asynchronously.
 */
export class DigestSchedule extends Construct {
  readonly group: ScheduleGroup;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: DigestScheduleProps) {
    super(scope, id);

    this.group = new ScheduleGroup(this, 'Group');

    this.schedule = new Schedule(this, 'Daily', {
      scheduleGroup: this.group,
      description: 'ecr-check daily digest',
      schedule: ScheduleExpression.cron({
        minute: String(props.minute),
        hour: String(props.hour),
        timeZone: TimeZone.of(props.timeZone),
      }),
      target: new LambdaInvoke(props.digest, {
        retryAttempts: 0,
        maxEventAge: Duration.minutes(10),
      }),
    });
  }
}
