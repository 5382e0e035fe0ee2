/**
 * A short line-by-line difference between the policy we expected and the one that is live, for
 * refusals ("someone changed it meanwhile"). Lines only in `expected` start with `-`, lines only in
 * `live` with `+`; at most `maxLines` lines are shown.
 */
export function describeDifference(
  expected: string | null,
  live: string | null,
  maxLines = 20,
): string {
  if (expected === live) return '(no difference)';
  if (live === null) return 'The repository now has no policy at all.';
  if (expected === null) return `The repository now has a policy:\n${clip(live, maxLines)}`;

  const a = expected.split('\n');
  const b = live.split('\n');
  const lcs = table(a, b);
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i += 1;
      j += 1;
    } else if (
      j < b.length &&
      (i === a.length || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))
    ) {
      lines.push(`+ ${b[j]}`);
      j += 1;
    } else {
      lines.push(`- ${a[i]}`);
      i += 1;
    }
  }
  const shown = lines.slice(0, maxLines);
  if (lines.length > maxLines) shown.push(`… ${lines.length - maxLines} more changed lines`);
  return shown.join('\n');
}

function table(a: string[], b: string[]): number[][] {
  const t: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    const row = t[i] as number[];
    const below = t[i + 1] as number[];
    for (let j = b.length - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  return t;
}

function clip(text: string, maxLines: number): string {
  const lines = text.split('\n');
  return lines.length <= maxLines
    ? text
    : `${lines.slice(0, maxLines).join('\n')}\n… ${lines.length - maxLines} more lines`;
}
