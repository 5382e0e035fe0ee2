import type { ScanProblem } from '../../scan/types';
import { escapeMrkdwn } from '../limits';

/** Problem codes that concern one policy document, not whether its region was scanned. */
const POLICY_CODES: Record<string, string> = {
  'policy-malformed': 'malformed',
  'policy-too-long': 'too long',
};

function place(problem: Pick<ScanProblem, 'region' | 'service'>): string {
  return problem.service === 'ecr-public' ? 'ECR Public' : problem.region;
}

/**
 * Says what a scan could not cover, grouped the way a reader counts it: each region (or ECR
 * Public) that was not fully scanned once, with its problem codes, and policies that could not be
 * read counted per region and reason ("3 policies could not be read in us-east-1 (malformed)").
 * Escaped for mrkdwn; null when there is nothing to say.
 */
export function problemSummary(problems: readonly ScanProblem[], max = 5): string | null {
  const regions = new Map<string, Set<string>>();
  const policies = new Map<string, { where: string; why: string; count: number }>();
  for (const problem of problems) {
    const why = POLICY_CODES[problem.code];
    if (why) {
      const key = `${place(problem)}\u0000${why}`;
      const entry = policies.get(key) ?? { where: place(problem), why, count: 0 };
      entry.count++;
      policies.set(key, entry);
      continue;
    }
    const key = place(problem);
    const codes = regions.get(key) ?? new Set<string>();
    codes.add(problem.code);
    regions.set(key, codes);
  }

  const parts: string[] = [];
  if (regions.size) {
    const names = [...regions].map(([where, codes]) => `${where} (${[...codes].join(', ')})`);
    parts.push(`${regions.size} region(s) not fully scanned: ${listed(names, max)}`);
  }
  for (const { where, why, count } of [...policies.values()].slice(0, max)) {
    parts.push(
      `${count} ${count === 1 ? 'policy' : 'policies'} could not be read in ${where} (${why})`,
    );
  }
  if (policies.size > max)
    parts.push(`policies in ${policies.size - max} more place(s) could not be read`);
  return parts.length ? escapeMrkdwn(parts.join('; ')) : null;
}

function listed(names: string[], max: number): string {
  const shown = names.slice(0, max);
  if (names.length > max) shown.push(`+${names.length - max} more`);
  return shown.join(', ');
}
