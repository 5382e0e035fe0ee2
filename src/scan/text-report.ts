import type { Verdict } from '../policy/types';
import { VERDICTS_WORST_FIRST } from '../policy/types';
import type { Finding, ScanResult } from './types';

const KIND_LABEL: Record<Finding['kind'], string> = {
  'repository-policy': 'repository',
  'registry-policy': 'registry',
  'public-repository': 'ecr-public',
};

/** True when a scan found something worse than `restricted` (the CLI then exits 1). */
export function hasExposure(result: ScanResult): boolean {
  return result.findings.some((f) => f.verdict !== 'restricted' && f.verdict !== 'private');
}

/** True when nothing at all could be scanned: every region and ECR Public failed. */
export function nothingScanned(result: ScanResult, includePublic: boolean): boolean {
  const places = result.regions.length + (includePublic ? 1 : 0);
  const failed = new Set(result.errors.map((e) => `${e.service}|${e.region}`));
  const fatal = result.errors.filter((e) =>
    ['access-denied', 'unrecognized-client', 'timeout', 'unavailable', 'failed'].includes(e.code),
  );
  return (
    places > 0 && failed.size >= places && fatal.length >= places && result.findings.length === 0
  );
}

/**
 * A table a person reads in a terminal, worst first (the scanner sorts findings that way), then
 * the regions that failed or did not finish, then a one-line summary.
 */
export function formatTextReport(result: ScanResult, elapsedMs: number): string {
  const lines: string[] = [];
  if (result.findings.length > 0) {
    const rows = result.findings.map((f) => [
      f.verdict,
      KIND_LABEL[f.kind],
      f.region,
      f.repository ?? '(registry policy)',
      shorten(f.reasons[0] ?? '', 90),
    ]);
    lines.push(...table(['VERDICT', 'KIND', 'REGION', 'REPOSITORY', 'WHY'], rows), '');
  }
  for (const problem of result.errors) {
    lines.push(
      `error   ${problem.service} ${problem.region} [${problem.code}]: ${problem.message}`,
    );
  }
  for (const problem of result.incomplete) {
    lines.push(`unfinished  ${problem.service} ${problem.region}: ${problem.message}`);
  }
  if (result.errors.length + result.incomplete.length > 0) lines.push('');
  lines.push(summaryLine(result, elapsedMs));
  return `${lines.join('\n')}\n`;
}

/** One line: what was scanned, how many findings of each verdict, and what failed. */
export function summaryLine(result: ScanResult, elapsedMs: number): string {
  const counts = new Map<Verdict, number>();
  for (const finding of result.findings) {
    counts.set(finding.verdict, (counts.get(finding.verdict) ?? 0) + 1);
  }
  const byVerdict = VERDICTS_WORST_FIRST.filter((v) => counts.has(v))
    .map((v) => `${counts.get(v)} ${v}`)
    .join(', ');
  const findings =
    result.findings.length === 0
      ? 'no findings'
      : `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} (${byVerdict})`;
  const failed = new Set(result.errors.map((e) => e.region)).size;
  const regions = result.regions.length;
  return (
    `Account ${result.registryId}: ${regions} region${regions === 1 ? '' : 's'}, ` +
    `${result.stats.repositories.toLocaleString('en-US')} repositories, ` +
    `${result.stats.policiesRead.toLocaleString('en-US')} policies read; ${findings}; ` +
    `${failed} region${failed === 1 ? '' : 's'} with errors, ${result.incomplete.length} unfinished ` +
    `(${(elapsedMs / 1000).toFixed(1)} s).`
  );
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ');
  return [line(header), ...rows.map(line)];
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
