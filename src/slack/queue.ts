import { log } from '../shared/log';
import { type Job, type JobContext, type JobQueue, runJob } from './jobs';

/**
 * Runs jobs in this process, in order of arrival, a couple at a time (local `serve`). `idle()`
 * resolves when every job enqueued so far has finished (tests and the demo wait on it).
 */
export class InProcessQueue implements JobQueue {
  private running = new Set<Promise<void>>();

  constructor(private readonly context: JobContext) {}

  /** Starts the job in the background and returns at once. */
  async enqueue(job: Job): Promise<void> {
    const run = runJob(job, this.context)
      .catch((error: unknown) => log.error('job failed', { job: job.type, error: String(error) }))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** True while a job runs. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Resolves when no job is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

/**
 * Hands jobs to the worker Lambda with an asynchronous invocation (InvocationType Event): Lambda
 * queues the event and retries it on failure, so the edge function returns within Slack's 3
 * seconds. The Lambda client is imported on first use to keep the edge cold start light.
 */
export class LambdaQueue implements JobQueue {
  constructor(private readonly functionName: string) {}

  /** Queues the job for the worker; throws when Lambda does not accept it. */
  async enqueue(job: Job): Promise<void> {
    const { invokeWorker } = await import('./lambdaInvoke');
    await invokeWorker(this.functionName, job);
  }
}
