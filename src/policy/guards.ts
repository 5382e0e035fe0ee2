import { expandActions } from './actions';
import {
  isNegatedOperator,
  parseOperator,
  type RestrictionScope,
  resolveOwnVariables,
  restrictionScopeOf,
  scopingKey,
  valuesAreConcrete,
} from './conditions';
import type { ConditionEntry, NormalisedStatement } from './document';
import { classifyPrincipal, isOwnAccount } from './principals';
import type { AnalyzeOptions, Verdict } from './types';
import { statementName } from './wording';

/**
 * A Deny statement that blocks everyone outside the owner's org, accounts, network or VPC endpoint
 * (or everyone, with no condition) for some actions. `scope` says whom it still lets through.
 */
export interface DenyGuard {
  index: number;
  name: string;
  covered: ReadonlySet<string>;
  scope: RestrictionScope | 'nobody';
  description: string;
}

const SCOPE_ORDER: readonly (RestrictionScope | 'nobody')[] = [
  'nobody',
  'own',
  'unknown',
  'external',
];

/**
 * Recognises the common guard "Deny everyone whose org (or account, VPC, VPC endpoint or source IP)
 * is not ours". Every condition entry must be such a negated check with concrete values: any other
 * entry narrows when the Deny applies, so the statement no longer guards. A `NotPrincipal` Deny
 * guards only when it lists nothing but the owner's or trusted accounts.
 *
 * One exception is modelled: `Bool`/`BoolIfExists` `aws:PrincipalIsAWSService` `false` (the data
 * perimeter's service exemption) lets AWS service principals through. We still read the guard as
 * `restricted`, not `cross-account`: it is the standard data-perimeter shape, the services it lets
 * through act on behalf of callers, and alarming on it would bury real findings; the reasons say
 * that services pass. In a registry policy the Deny must cover
 * every repository (`Resource` `*` or `repository/*`); the engine cannot tell whether a Deny on
 * named repositories covers the repository a finding is about, so it does not count it.
 */
export function findDenyGuard(
  statement: NormalisedStatement,
  options: AnalyzeOptions,
): DenyGuard | undefined {
  if (statement.effect !== 'Deny') return undefined;

  const scopes: (RestrictionScope | 'nobody')[] = [];
  const descriptions: string[] = [];
  if (statement.principal.negated) {
    const own = statement.principal.entries.every((entry) => {
      const principal = classifyPrincipal(entry);
      return principal.kind === 'account' && isOwnAccount(principal.account, options);
    });
    if (!own || statement.principal.entries.length === 0) return undefined;
    scopes.push('own');
    descriptions.push('the principal is not one of the listed owner principals');
  } else if (!statement.principal.entries.some((entry) => isEveryone(entry))) {
    return undefined;
  }
  if (options.kind === 'registry' && !coversEveryRepository(statement.resource)) return undefined;

  for (const entry of statement.conditions) {
    if (isServiceExemption(entry)) {
      scopes.push('unknown');
      descriptions.push('the caller is not an AWS service (services acting for any account pass)');
      continue;
    }
    const key = scopingKey(entry.key);
    const operator = parseOperator(entry.operator);
    if (!key || !isNegatedOperator(operator.base) || operator.set === 'any') return undefined;
    if (operator.set === 'all' && !key.name.endsWith('Paths')) return undefined;
    const positive = operator.base.replace('not', '');
    const values = resolveOwnVariables(entry.values, options);
    if (!valuesAreConcrete(positive, key, values)) return undefined;
    scopes.push(restrictionScopeOf(key, values, options));
    descriptions.push(
      `${key.name} is not ${entry.values.map((value) => `\`${value}\``).join(' or ')}`,
    );
  }

  const scope = scopes.length === 0 ? 'nobody' : worstScope(scopes);
  return {
    index: statement.index,
    name: statementName(statement.index, statement.sid),
    covered: new Set(
      Object.values(
        expandActions(statement.action.patterns, statement.action.negated, options.kind),
      ).flat(),
    ),
    scope,
    description: descriptions.length === 0 ? 'always' : `when ${descriptions.join(' and ')}`,
  };
}

/** The verdict left for one action of a public grant once the guards covering it apply. */
export function guardedVerdict(
  action: string,
  publicVerdict: Verdict,
  guards: readonly DenyGuard[],
): Verdict {
  const covering = guards.filter((guard) => guard.covered.has(action));
  if (covering.length === 0) return publicVerdict;
  // A request must pass every Deny, so the most restrictive covering guard decides.
  const best = covering.map((guard) => guard.scope).sort(byScope)[0];
  if (best === 'nobody') return 'private';
  return best === 'external' ? 'cross-account' : 'restricted';
}

/** `Bool` (or `BoolIfExists`) `aws:PrincipalIsAWSService` `false`: the Deny skips service principals. */
function isServiceExemption(entry: ConditionEntry): boolean {
  const operator = parseOperator(entry.operator);
  return (
    operator.set === null &&
    operator.base === 'bool' &&
    entry.key.trim().toLowerCase() === 'aws:principalisawsservice' &&
    entry.values.length > 0 &&
    entry.values.every((value) => value.trim().toLowerCase() === 'false')
  );
}

/** True when a Deny's `Resource` reaches every repository of the registry. */
function coversEveryRepository(resource: NormalisedStatement['resource']): boolean {
  if (resource === null) return true;
  if (resource.negated) return false;
  return resource.patterns.some((pattern) =>
    /^(\*|arn:[^:]*:ecr:[^:]*:[^:]*:(repository\/)?\*)$/i.test(pattern.trim()),
  );
}

function isEveryone(entry: { type: string; value: string }): boolean {
  return classifyPrincipal(entry).kind === 'everyone';
}

function worstScope(scopes: (RestrictionScope | 'nobody')[]): RestrictionScope | 'nobody' {
  // Deny conditions are ANDed, so the guard lets through anyone any one entry lets through.
  return [...scopes].sort(byScope).at(-1) ?? 'nobody';
}

function byScope(a: RestrictionScope | 'nobody', b: RestrictionScope | 'nobody'): number {
  return SCOPE_ORDER.indexOf(a) - SCOPE_ORDER.indexOf(b);
}
