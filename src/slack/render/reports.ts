import type { ScanResult } from '../../scan/types';
import { clip, code, escapeMrkdwn, LIMITS, mention } from '../limits';
import type { AcceptedRiskView, HistoryLine, RepositoryReport } from '../ports';
import { type Block, context, messageChars, type SlackMessage, section } from './blocks';
import { countByVerdict } from './digest';
import { compactStatement, subjectName, verdictLabel, worstFirst } from './finding';
import { policyBlock } from './request';

/** Keeps adding blocks while the message stays inside Slack's limits; says how many were left out. */
function fitted(text: string, head: Block[], items: Block[], noun: string): SlackMessage {
  const blocks = [...head];
  let shown = 0;
  for (const item of items) {
    if (blocks.length >= LIMITS.blocksPerMessage - 1) break;
    if (messageChars({ text, blocks: [...blocks, item] }) > LIMITS.messageBudget - 200) break;
    blocks.push(item);
    shown++;
  }
  if (shown < items.length) {
    blocks.push(context([`…and ${(items.length - shown).toLocaleString('en-US')} more ${noun}`]));
  }
  return { text, blocks };
}

/** The reply to `/ecr-check scan`: counts, problems, and the worst findings. */
export function scanReport(scan: ScanResult): SlackMessage {
  const counts = [...countByVerdict(scan.findings)]
    .filter(([v]) => v !== 'private')
    .map(([v, n]) => `${v} *${n}*`)
    .join(' · ');
  const problems = [...scan.errors, ...scan.incomplete];
  const head: Block[] = [
    section(
      `*Scan finished:* ${scan.findings.length.toLocaleString('en-US')} finding(s) in ` +
        `${scan.regions.length} region(s), account ${code(scan.registryId)}\n${counts}`,
    ),
  ];
  if (problems.length) {
    head.push(
      context([
        `:warning: Not fully scanned: ${problems
          .slice(0, 8)
          .map((p) => escapeMrkdwn(`${p.region} (${p.service}: ${p.message})`))
          .join('; ')}`,
      ]),
    );
  }
  const items = worstFirst(scan.findings).map((f) =>
    section(
      `${verdictLabel(f.verdict)} · ${code(subjectName(f))} · ${code(f.region)}\n` +
        f.statements.slice(0, 2).map(compactStatement).join('\n'),
    ),
  );
  return fitted(`Scan finished: ${scan.findings.length} finding(s)`, head, items, 'finding(s)');
}

/** The reply to `/ecr-check repo NAME`: policy, statements with verdicts, before/after. */
export function repositoryReportMessage(report: RepositoryReport): SlackMessage {
  const blocks: Block[] = [
    section(
      `${verdictLabel(report.verdict)} · ${code(report.repository)} · ${code(report.region)} · ` +
        `account ${code(report.registryId)}`,
    ),
  ];
  if (report.policy === null) {
    blocks.push(section('This repository has no repository policy.'));
    return { text: escapeMrkdwn(`${report.repository}: no policy`), blocks };
  }
  const lines = report.statements.map(
    (s) =>
      `#${s.index}${s.sid ? ` ${code(s.sid)}` : ''}: *${s.verdict}* · ${escapeMrkdwn(s.summary)}`,
  );
  blocks.push(section(`*Statements*\n${clip(lines.join('\n'), 2800)}`));
  if (report.remediation) {
    blocks.push(
      section(`*Remediation would:* ${escapeMrkdwn(clip(report.remediation.summary, 500))}`),
    );
    blocks.push(section(`*Before*\n${policyBlock(report.policy, 2600)}`));
    blocks.push(
      section(
        `*After*\n${
          report.remediation.after === null
            ? '_the policy is deleted_'
            : policyBlock(report.remediation.after, 2600)
        }`,
      ),
    );
  } else {
    blocks.push(section(`*Policy*\n${policyBlock(report.policy, 2600)}`));
    blocks.push(context(['Nothing to remediate: no statement grants everyone.']));
  }
  return { text: escapeMrkdwn(`${report.repository}: ${report.verdict}`), blocks };
}

/** The reply to `/ecr-check history NAME`. */
export function historyMessage(repository: string, lines: HistoryLine[]): SlackMessage {
  const text = escapeMrkdwn(`History of ${repository}`);
  if (lines.length === 0) {
    return { text, blocks: [section(`Nothing recorded for ${code(repository)} yet.`)] };
  }
  const items = lines.map((l) =>
    section(`${l.at} · ${escapeMrkdwn(clip(l.what, 1500))}${l.who ? ` · ${mention(l.who)}` : ''}`),
  );
  return fitted(text, [section(`*History of* ${code(repository)}`)], items, 'event(s)');
}

/** The reply to `/ecr-check exceptions`. */
export function exceptionsMessage(risks: AcceptedRiskView[]): SlackMessage {
  const text = 'Accepted risks';
  if (risks.length === 0) return { text, blocks: [section('No accepted risks.')] };
  const items = risks.map((r) =>
    section(
      `${code(r.repository ?? `registry ${r.registryId}`)} · ${code(r.region)} · until ` +
        `${escapeMrkdwn(r.expiresAt.slice(0, 10))} · accepted by ${mention(r.acceptedBy)}\n> ${escapeMrkdwn(clip(r.reason, 1000))}`,
    ),
  );
  return fitted(text, [section(`*Accepted risks* (${risks.length})`)], items, 'accepted risk(s)');
}

/**
 * A reply (usage, refusals, errors) as one section of mrkdwn written by the caller: anything in it
 * that came from a user, a policy or an error must already be escaped (`escapeMrkdwn`).
 */
export function note(text: string): SlackMessage {
  return { text: clip(text, 3000), blocks: [section(text)] };
}
