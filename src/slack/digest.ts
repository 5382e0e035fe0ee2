import { log } from '../shared/log';
import type { JobContext } from './jobs';
import type { MessageRef } from './ports';
import { renderDigest } from './render/digest';

/** What a digest run posted. */
export interface DigestOutcome {
  header: MessageRef;
  cards: number;
  findings: number;
  fileAttached: boolean;
}

/**
 * Scans, records the scan (the store says what is new and fixed since the last posted digest) and
 * posts the digest: a header, a card per finding (worst first, each its own message so its thread
 * holds the finding's approval card and audit lines), and the full list as a file when not all
 * fit. Only a digest that reached Slack becomes the next one's baseline: when posting fails, the
 * next digest still reports what this one would have.
 */
export async function runDigest(ctx: JobContext): Promise<DigestOutcome> {
  await settleStoppedChanges(ctx);
  const scan = await ctx.services.scan([]);
  const changes = await ctx.services.recordDigest(scan);
  const digest = renderDigest(scan, changes);

  const posted = await ctx.client.chat.postMessage({ channel: ctx.channelId, ...digest.header });
  const header = { channel: posted.channel ?? ctx.channelId, ts: posted.ts ?? '' };

  for (const { finding, message } of digest.cards) {
    const card = await ctx.client.chat.postMessage({ channel: ctx.channelId, ...message });
    if (card.ts) {
      await ctx.services.saveMessageRef(finding.id, {
        channel: card.channel ?? ctx.channelId,
        ts: card.ts,
      });
    }
  }

  if (digest.file) {
    await ctx.client.filesUploadV2({
      channel_id: header.channel,
      thread_ts: header.ts,
      filename: digest.file.filename,
      title: digest.file.title,
      content: digest.file.content,
      initial_comment: 'The full list of findings.',
    });
  }

  await ctx.services.markDigestPosted(changes.recordedAt);
  log.info('digest posted', {
    findings: scan.findings.length,
    cards: digest.cards.length,
    new: changes.newFindingIds.length,
    fixed: changes.fixed.length,
  });
  return {
    header,
    cards: digest.cards.length,
    findings: scan.findings.length,
    fileAttached: digest.file !== null,
  };
}

/**
 * A change a crash or timeout stopped midway is settled from the live policy before the scan, so
 * the digest shows the policy as it really is. A failure here never stops the digest.
 */
async function settleStoppedChanges(ctx: JobContext): Promise<void> {
  try {
    const looked = await ctx.services.reconcileStopped();
    if (looked > 0) log.info('stopped remediations looked at before the digest', { count: looked });
  } catch (error) {
    log.warn('could not settle stopped remediations', { error: String(error) });
  }
}
