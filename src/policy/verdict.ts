import { VERDICTS_WORST_FIRST, type Verdict } from './types';

/** 0 for the worst verdict (`public-push`), 4 for the best (`private`). */
export function verdictRank(verdict: Verdict): number {
  return VERDICTS_WORST_FIRST.indexOf(verdict);
}

/** The worse of the given verdicts; `private` when there are none. */
export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'private';
  for (const verdict of verdicts) {
    if (verdictRank(verdict) < verdictRank(worst)) worst = verdict;
  }
  return worst;
}

/** True when `verdict` is strictly worse than `than`. */
export function isWorse(verdict: Verdict, than: Verdict): boolean {
  return verdictRank(verdict) < verdictRank(than);
}
