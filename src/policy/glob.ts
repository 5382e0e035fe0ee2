/** Counts the comparisons a match made, so tests can check the work stays bounded. */
export interface GlobCounter {
  steps: number;
}

/**
 * True when `text` matches an IAM-style wildcard `pattern` as a whole: `*` stands for any run of
 * characters (also none), `?` for exactly one, everything else for itself, ASCII letters compared
 * without case. A two-pointer walk that on a mismatch goes back only to the last `*`, so it takes at
 * most about (pattern length + 1) × (text length + 1) steps whatever the pattern holds: policy text
 * is attacker-controlled, and a pattern like `ecr:**********!` turned into a regular expression
 * backtracks exponentially.
 */
export function matchesGlob(pattern: string, text: string, counter?: GlobCounter): boolean {
  const wanted = asciiLower(pattern).replace(/\*{2,}/g, '*');
  const given = asciiLower(text);
  let p = 0;
  let t = 0;
  let lastStar = -1;
  let resumeAt = 0;

  while (t < given.length) {
    if (counter) counter.steps += 1;
    const char = wanted[p];
    if (char === '*') {
      lastStar = p;
      resumeAt = t;
      p += 1;
    } else if (p < wanted.length && (char === '?' || char === given[t])) {
      p += 1;
      t += 1;
    } else if (lastStar >= 0) {
      // Let the last star swallow one more character and retry what follows it.
      p = lastStar + 1;
      resumeAt += 1;
      t = resumeAt;
    } else {
      return false;
    }
  }

  while (wanted[p] === '*') p += 1;
  return p === wanted.length;
}

/** Lower-cases A-Z only: IAM compares action names by ASCII case, not Unicode case folding. */
function asciiLower(value: string): string {
  return value.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}
