import type { AwsHandler } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { EcrCheckError } from '../shared/errors';
import { log } from '../shared/log';
import { normaliseFunctionUrlEvent } from '../slack/functionUrl';
import { once } from '../slack/lambdaRuntime';

/** The edge hands every scan to the worker (`LambdaQueue`); it never runs the scanner itself. */
async function scansRunOnTheWorker(): Promise<never> {
  throw new EcrCheckError('internal', 'Scans run on the worker function, not the edge function.');
}

/**
 * Builds the Slack app once per cold start: secrets from Secrets Manager, Bolt's
 * AwsLambdaReceiver, the store, and a queue that hands slow work to the worker function. Heavy
 * modules are imported here, not at module scope, so the container starts fast; the bundle
 * carries no scanner, and the ECR clients load only when a request reads a repository policy.
 */
const start = once(async (): Promise<AwsHandler> => {
  const [
    { loadLambdaSlackConfig },
    { SlackLambdaReceiver },
    { createSlackApp },
    { openStoreServices },
  ] = await Promise.all([
    import('../slack/lambdaRuntime'),
    import('../slack/receivers/lambda'),
    import('../slack/app'),
    import('../slack/storeServices'),
  ]);
  const { LambdaQueue } = await import('../slack/queue');
  const config = await loadLambdaSlackConfig();
  const worker = process.env.WORKER_FUNCTION_NAME;
  if (!worker) throw new Error('WORKER_FUNCTION_NAME is not set');

  let isApprover: (user: string) => Promise<boolean> = async () => false;
  const services = await openStoreServices(config.core, (user) => isApprover(user), {
    scan: scansRunOnTheWorker,
  });
  const receiver = new SlackLambdaReceiver({ signingSecret: config.signingSecret });
  const { runtime } = createSlackApp({
    config,
    services,
    receiver,
    queue: () => new LambdaQueue(worker),
  });
  isApprover = (user) => runtime.approvers.isApprover(user);
  return receiver.start();
});

/**
 * Lambda entry point behind the Function URL Slack posts to. Fails closed: when the app cannot
 * start (a secret missing), every request is refused with 503 and nothing runs.
 */
export async function handler(event: unknown, context: unknown) {
  let slack: AwsHandler;
  try {
    slack = await start();
  } catch (error) {
    log.error('the Slack app could not start', { error: String(error) });
    return { statusCode: 503, body: '' };
  }
  try {
    return await slack(normaliseFunctionUrlEvent(event), context);
  } catch (error) {
    log.warn('request could not be handled', { error: String(error) });
    return { statusCode: 400, body: '' };
  }
}
