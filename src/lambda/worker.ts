import { log } from '../shared/log';
import type { Job } from '../slack/jobs';

/**
 * Lambda entry point of the worker: runs one job the edge function queued (a scan, announcing a
 * remediation request in the finding's thread, applying or reverting a remediation, a digest) and
 * reports back to Slack. Expected refusals are reported
 * and return normally; unexpected errors throw so Lambda retries, and the store's conditional
 * transitions keep a retried change to one effect.
 */
export async function handler(event: { ecrCheckJob?: Job }, _context: unknown): Promise<void> {
  const job = event?.ecrCheckJob;
  if (!job || typeof job !== 'object' || typeof job.type !== 'string') {
    log.error('worker invoked without a job');
    return;
  }
  const [{ lambdaJobContext }, { runJob }] = await Promise.all([
    import('../slack/jobRuntime'),
    import('../slack/jobs'),
  ]);
  await runJob(job, await lambdaJobContext());
}
