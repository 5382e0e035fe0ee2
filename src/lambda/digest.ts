import { log } from '../shared/log';

/**
 * Lambda entry point of the daily digest (EventBridge Scheduler): scans, records and posts the
 * digest once. A failure throws so the schedule's capped retry and the failed-digest alarm see it.
 */
export async function handler(_event: unknown, _context: unknown): Promise<{ findings: number }> {
  const [{ lambdaJobContext }, { runDigest }] = await Promise.all([
    import('../slack/jobRuntime'),
    import('../slack/digest'),
  ]);
  const outcome = await runDigest(await lambdaJobContext());
  log.info('digest done', { findings: outcome.findings, cards: outcome.cards });
  return { findings: outcome.findings };
}
