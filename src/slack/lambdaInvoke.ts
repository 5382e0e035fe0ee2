import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { EcrCheckError } from '../shared/errors';
import { log } from '../shared/log';
import type { Job } from './jobs';

let client: LambdaClient | undefined;

/** Queues a job on the worker function (asynchronous invocation). */
export async function invokeWorker(functionName: string, job: Job): Promise<void> {
  client ??= new LambdaClient({ maxAttempts: 3 });
  try {
    const result = await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify({ ecrCheckJob: job })),
      }),
    );
    log.info('job queued on the worker', { job: job.type, status: result.StatusCode });
  } catch (error) {
    throw new EcrCheckError('aws-unavailable', 'Could not hand the work to the worker function.', {
      cause: error,
    });
  }
}
