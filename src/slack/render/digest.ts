import type { Verdict } from '../../policy/types';
import { VERDICTS_WORST_FIRST } from '../../policy/types';
import type { Finding, ScanResult } from '../../scan/types';
import type { FindingStatus } from '../../store';
import { clip, code, escapeMrkdwn, LIMITS } from '../limits';
import { type Block, context, header, messageChars, type SlackMessage, section } from './blocks';
import { findingButtons, findingCard, subjectName, worstFirst } from './finding';
import { problemSummary } from './problems';

/** What changed since the last digest, as the store reports it. */
export interface DigestChanges {
  newFindingIds: readonly string[];
  /** True for the first digest ever: there is nothing to compare with, so everything is new. */
  first?: boolean;
  fixed: readonly Pick<Finding, 'id' | 'registryId' | 'region' | 'repository' | 'kind'>[];
  /**
   * The stored status of each scanned finding, by finding id, as the store has it after recording
   * this scan (an expired accepted risk is already open again). A finding missing here is open.
   */
  statuses?: Readonly<Record<string, FindingStatus>>;
}

/** A digest ready to post: a header, one card message per finding shown, and the overflow file. */
export interface DigestMessages {
  header: SlackMessage;
  cards: { finding: Finding; message: SlackMessage }[];
  /** The full list when not every finding got a card (or null when all did). */
  file: { filename: string; title: string; content: string } | null;
}

/** How many findings get their own card; the rest are counted and listed in the attached file. */
export const DEFAULT_MAX_CARDS = 20;

/** Counts findings by verdict, worst first. */
export function countByVerdict(findings: readonly Pick<Finding, 'verdict'>[]) {
  const counts = new Map<Verdict, number>(VERDICTS_WORST_FIRST.map((v) => [v, 0]));
  for (const f of findings) counts.set(f.verdict, (counts.get(f.verdict) ?? 0) + 1);
  return counts;
}

function countsLine(findings: readonly Pick<Finding, 'verdict'>[]): string {
  return [...countByVerdict(findings)]
    .filter(([verdict, n]) => n > 0 || verdict !== 'private')
    .filter(([verdict]) => verdict !== 'private')
    .map(([verdict, n]) => `${verdict} *${n.toLocaleString('en-US')}*`)
    .join(' · ');
}

/**
 * The status line and buttons of a finding's card. Only findings nobody has acted on (open, or
 * open again after a revert) offer Remediate and Accept risk; a pending request or an applied
 * change is shown as such, without buttons (its thread holds the request's own card).
 */
function cardState(finding: Finding, status: FindingStatus, isNew: boolean) {
  const fresh = isNew ? ' · new' : '';
  switch (status) {
    case 'remediation-requested':
      return { state: `remediation requested${fresh}`, buttons: [] };
    case 'remediated':
      return { state: `remediated${fresh}`, buttons: [] };
    case 'reverted':
      return { state: `open (reverted)${fresh}`, buttons: findingButtons(finding) };
    default:
      return { state: `open${fresh}`, buttons: findingButtons(finding) };
  }
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function nameList(items: readonly { repository: string | null; region: string }[], max: number) {
  const names = items
    .slice(0, max)
    .map((f) => `${code(f.repository ?? 'registry')} (${escapeMrkdwn(f.region)})`);
  if (items.length > max) names.push(`+${(items.length - max).toLocaleString('en-US')} more`);
  return names.join(', ');
}

/**
 * Renders the daily digest. Never fails on a large estate: at most `maxCards` cards (worst first),
 * the header is budgeted to Slack's limits, and everything else is counted in the header and listed
 * in full in a text file. Findings whose risk is accepted (by their stored status) get no card and
 * are not in the file; the header only counts them and points to `/ecr-check exceptions`.
 */
export function renderDigest(
  scan: ScanResult,
  changes: DigestChanges,
  options: { maxCards?: number; date?: Date } = {},
): DigestMessages {
  const maxCards = options.maxCards ?? DEFAULT_MAX_CARDS;
  const statusOf = (f: Finding): FindingStatus => changes.statuses?.[f.id] ?? 'open';
  const accepted = scan.findings.filter((f) => statusOf(f) === 'accepted-risk').length;
  const findings = worstFirst(scan.findings.filter((f) => statusOf(f) !== 'accepted-risk'));
  const shown = findings.slice(0, maxCards);
  const rest = findings.slice(maxCards);
  const newIds = new Set(changes.newFindingIds);
  const newOnes = findings.filter((f) => newIds.has(f.id));
  const day = (options.date ?? new Date(scan.finishedAt)).toISOString().slice(0, 10);

  const blocks: Block[] = [header(`ECR exposure digest · ${day}`)];
  const acceptedLine = accepted
    ? `\n${plural(accepted, 'accepted risk')} not shown; see \`/ecr-check exceptions\`.`
    : '';
  blocks.push(
    section(
      (findings.length === 0
        ? accepted
          ? ':white_check_mark: *No findings to act on.*'
          : ':white_check_mark: *No findings.* Nothing in the scanned registries is open to everyone.'
        : `*${findings.length.toLocaleString('en-US')} finding(s)*: ${countsLine(findings)}`) +
        acceptedLine,
      'digest-counts',
    ),
  );
  blocks.push(
    section(
      changes.first
        ? `*First digest:* every finding is new (${newOnes.length.toLocaleString('en-US')})` +
            `${newOnes.length ? `: ${nameList(newOnes, 15)}` : '.'}`
        : `*New since the last digest (${newOnes.length.toLocaleString('en-US')}):* ` +
            `${newOnes.length ? nameList(newOnes, 15) : 'none'}\n` +
            `*Fixed since the last digest (${changes.fixed.length.toLocaleString('en-US')}):* ` +
            `${changes.fixed.length ? nameList(changes.fixed, 15) : 'none'}`,
      'digest-changes',
    ),
  );
  if (rest.length) {
    blocks.push(
      section(
        `Cards below show the ${shown.length} worst. ` +
          `*${rest.length.toLocaleString('en-US')} more* not shown: ${countsLine(rest)}. ` +
          'The full list is attached as a file in this thread.',
        'digest-overflow',
      ),
    );
  }
  const scanned =
    `Account ${code(scan.registryId)} · ${scan.regions.length} region(s) · ` +
    `${scan.stats.repositories.toLocaleString('en-US')} repositories`;
  const problems = problemSummary([...scan.errors, ...scan.incomplete]);
  const problemLine = problems ? `:warning: ${problems}` : '';
  blocks.push(context(problemLine ? [scanned, problemLine] : [scanned]));

  const headerMessage = {
    text: clip(
      `ECR exposure digest ${day}: ${findings.length} finding(s), ${newOnes.length} new, ` +
        `${changes.fixed.length} fixed` +
        (accepted ? `, ${plural(accepted, 'accepted risk')} not shown` : ''),
      LIMITS.fallbackText,
    ),
    blocks,
  };
  if (messageChars(headerMessage) > LIMITS.messageBudget) {
    throw new Error('digest header exceeds its budget');
  }

  return {
    header: headerMessage,
    cards: shown.map((finding) => {
      const { state, buttons } = cardState(finding, statusOf(finding), newIds.has(finding.id));
      return { finding, message: findingCard(finding, state, buttons) };
    }),
    file: rest.length ? digestFile(findings, newIds, day, changes.statuses) : null,
  };
}

/** The full finding list as tab-separated text, one finding a line, worst first. */
export function digestFile(
  findings: readonly Finding[],
  newIds: ReadonlySet<string>,
  day: string,
  statuses: Readonly<Record<string, FindingStatus>> = {},
) {
  const lines = ['verdict\taccount\tregion\tkind\trepository\tnew\tstatus\tstatements\tfinding id'];
  for (const f of findings) {
    const sids = f.statements.map((s) => s.sid ?? `#${s.index}`).join(',');
    lines.push(
      [
        f.verdict,
        f.registryId,
        f.region,
        f.kind,
        subjectName(f),
        newIds.has(f.id) ? 'new' : '',
        statuses[f.id] ?? 'open',
        sids,
        f.id,
      ]
        .map((cell) => cell.replace(/[\t\n\r]/g, ' '))
        .join('\t'),
    );
  }
  return {
    filename: `ecr-check-findings-${day}.tsv`,
    title: `All ${findings.length.toLocaleString('en-US')} findings, ${day}`,
    content: `${lines.join('\n')}\n`,
  };
}
