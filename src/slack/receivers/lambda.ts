import { AwsLambdaReceiver, type AwsLambdaReceiverOptions } from '@slack/bolt';
import type { AwsEvent, AwsHandler } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { log } from '../../shared/log';
import { eventBody } from '../functionUrl';
import { isSignedBySlack, rawBodyProblem } from './requestCheck';

/**
 * Bolt's AwsLambdaReceiver with the same check as the local server: a validly signed body the app
 * cannot act on is answered 400 at once, where Bolt would answer 500 (`payload=null`) or 404 after
 * waiting for a listener. Expects the event as `normaliseFunctionUrlEvent` leaves it.
 */
export class SlackLambdaReceiver extends AwsLambdaReceiver {
  private readonly secret: string;

  constructor(options: AwsLambdaReceiverOptions) {
    super(options);
    this.secret = options.signingSecret;
  }

  override toHandler(): AwsHandler {
    const bolt = super.toHandler();
    return async (event: AwsEvent, context: unknown) => {
      const raw = eventBody(event);
      const headers = Object.fromEntries(
        Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
      );
      const header = (name: string) => headers[name];
      if (isSignedBySlack(this.secret, raw, header)) {
        const problem = rawBodyProblem(raw, header('content-type')?.split(';')[0]?.trim());
        if (problem) {
          log.warn('signed slack request refused', { problem });
          return { statusCode: 400, body: '' };
        }
      }
      return bolt(event, context);
    };
  }
}
