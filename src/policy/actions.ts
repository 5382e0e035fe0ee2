import { ACTION_CATALOGUE } from './catalogue.generated';
import { matchesGlob } from './glob';
import type { PolicyKind } from './types';

/** Concrete catalogue actions split by what they let a caller do. */
export interface ActionSet {
  push: string[];
  pull: string[];
}

const ECR_ACTIONS = ACTION_CATALOGUE.filter(([name]) => name.startsWith('ecr:'));
const ECR_PUBLIC_ACTIONS = ACTION_CATALOGUE.filter(([name]) => name.startsWith('ecr-public:'));
const expansionCache = new Map<string, ActionSet>();
const CACHE_LIMIT = 10_000;

/** The actions that mean something on what the policy is attached to. */
function applicableActions(kind: PolicyKind): typeof ACTION_CATALOGUE {
  return kind === 'public' ? ECR_PUBLIC_ACTIONS : ECR_ACTIONS;
}

/**
 * Expands `Action` / `NotAction` patterns (case-insensitive, `*` and `?` anywhere) against the
 * catalogue. `NotAction` grants every applicable action the patterns do not match. Patterns for
 * other services (`s3:*`) match nothing here and are ignored.
 */
export function expandActions(
  patterns: readonly string[],
  negated: boolean,
  kind: PolicyKind,
): ActionSet {
  const cacheKey = `${kind}|${negated}|${patterns.join('\u0000')}`;
  const cached = expansionCache.get(cacheKey);
  if (cached) return { push: [...cached.push], pull: [...cached.pull] };

  const result: ActionSet = { push: [], pull: [] };
  for (const [name, , access] of applicableActions(kind)) {
    const matched = patterns.some((pattern) => matchesGlob(pattern, name));
    if (matched !== negated) result[access].push(name);
  }
  if (expansionCache.size < CACHE_LIMIT) expansionCache.set(cacheKey, result);
  return { push: [...result.push], pull: [...result.pull] };
}

/** Patterns that match no action in the catalogue at all (typos or other services). */
export function unmatchedPatterns(patterns: readonly string[]): string[] {
  return patterns.filter(
    (pattern) => !ACTION_CATALOGUE.some(([name]) => matchesGlob(pattern, name)),
  );
}

/** True when the set grants no action. */
export function isEmptyActionSet(set: ActionSet): boolean {
  return set.push.length === 0 && set.pull.length === 0;
}
