import { KNOWN_CONDITION_KEYS } from './catalogue.generated';
import type { ConditionEntry } from './document';
import { arnAccount, isOwnAccount } from './principals';
import type { AnalyzeOptions } from './types';

/** What a restricting condition limits: callers' accounts or org, the service's source, the network. */
export type RestrictionFamily = 'principal' | 'source' | 'network';

/**
 * Whether the restriction keeps access inside the owner's (or a trusted) account or organization
 * (`own`), pins it to someone else (`external`), or limits it without naming whose it is (`unknown`,
 * for example a VPC endpoint, a CIDR, or an org when no trusted org is configured).
 */
export type RestrictionScope = 'own' | 'external' | 'unknown';

/** One condition entry that genuinely narrows who can use a statement. */
export interface Restriction {
  key: string;
  family: RestrictionFamily;
  scope: RestrictionScope;
  /** Accounts the entry pins callers to, when it names accounts. */
  accounts: string[];
  /** A readable description, e.g. "aws:PrincipalOrgID is o-a1b2c3d4e5". */
  description: string;
}

/** The engine's reading of a statement's `Condition` block. */
export interface ConditionAssessment {
  restrictions: Restriction[];
  /** Sentences on entries that look like restrictions but are not. */
  notes: string[];
  unknownKeys: string[];
}

type ValueKind = 'org' | 'org-path' | 'account' | 'arn' | 'vpc' | 'vpce' | 'ip';

export interface ScopingKey {
  name: string;
  family: RestrictionFamily;
  value: ValueKind;
}

const SCOPING_KEYS = new Map<string, ScopingKey>(
  (
    [
      ['aws:PrincipalOrgID', 'principal', 'org'],
      ['aws:PrincipalOrgPaths', 'principal', 'org-path'],
      ['aws:PrincipalAccount', 'principal', 'account'],
      ['aws:PrincipalArn', 'principal', 'arn'],
      ['aws:SourceAccount', 'source', 'account'],
      ['aws:SourceOwner', 'source', 'account'],
      ['aws:SourceArn', 'source', 'arn'],
      ['aws:SourceOrgID', 'source', 'org'],
      ['aws:SourceOrgPaths', 'source', 'org-path'],
      ['aws:SourceVpc', 'network', 'vpc'],
      ['aws:SourceVpce', 'network', 'vpce'],
      ['aws:SourceIp', 'network', 'ip'],
    ] as const
  ).map(([name, family, value]) => [name.toLowerCase(), { name, family, value }]),
);

const MULTI_VALUED_KEYS = new Set(['aws:principalorgpaths', 'aws:sourceorgpaths']);
const KNOWN_KEYS = new Set(KNOWN_CONDITION_KEYS.map((key) => key.toLowerCase()));
const KNOWN_KEY_FAMILIES = KNOWN_CONDITION_KEYS.filter((key) => key.endsWith('/')).map((key) =>
  key.toLowerCase(),
);
const ORG_ID = /^o-[a-z0-9]{10,32}$/i;
/** Policy variables that stand for the repository's own account and organization. */
const OWN_ACCOUNT_VARIABLE = /^\$\{aws:resourceaccount\}$/i;
const OWN_ORG_VARIABLE = /^\$\{aws:resourceorgid\}$/i;
/** Positive operators that compare a scoping key, by the kind of value they compare. */
const STRING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike']);
const ARN_OPERATORS = new Set([...STRING_OPERATORS, 'arnequals', 'arnlike']);

/** An operator split into its set qualifier, its base operator and `IfExists`. */
export interface ParsedOperator {
  set: 'any' | 'all' | null;
  base: string;
  ifExists: boolean;
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts (lower-cased base). */
export function parseOperator(operator: string): ParsedOperator {
  let rest = operator.trim().toLowerCase();
  let set: ParsedOperator['set'] = null;
  if (rest.startsWith('foranyvalue:')) {
    set = 'any';
    rest = rest.slice('foranyvalue:'.length);
  } else if (rest.startsWith('forallvalues:')) {
    set = 'all';
    rest = rest.slice('forallvalues:'.length);
  }
  const ifExists = rest.endsWith('ifexists');
  return { set, base: ifExists ? rest.slice(0, -'ifexists'.length) : rest, ifExists };
}

/** True for operators that match when the value is *not* the one written (`StringNotEquals`...). */
export function isNegatedOperator(base: string): boolean {
  return base.includes('not');
}

/** The scoping key a condition key names, if any (case-insensitive). */
export function scopingKey(key: string): ScopingKey | undefined {
  return SCOPING_KEYS.get(key.trim().toLowerCase());
}

/**
 * Reads a `Condition` block. Entries are ANDed, so each entry that genuinely restricts is kept; an
 * entry restricts only when its operator is positive (not negated, not `...IfExists`, not `Null`,
 * not `ForAllValues:`), its key scopes who or where, and every value is concrete.
 *
 * `ForAllValues:` never restricts, also on multivalued keys such as `aws:PrincipalOrgPaths`: it is
 * true when the key is absent, which it is for any principal outside an organization.
 *
 * A value holding `*` (or an `o-*`, a `*` account, a `/0` CIDR) never counts as concrete, whatever
 * the operator. Under `StringEquals` IAM reads `*` as literal text that no caller has, so such a
 * condition admits nobody today; we still flag it, because it only looks restrictive and turns
 * into a grant to everyone the moment someone "fixes" the operator to `StringLike`.
 * `${aws:ResourceAccount}` and `${aws:ResourceOrgID}` are read as the owner's account and org.
 */
export function assessConditions(
  entries: readonly ConditionEntry[],
  options: AnalyzeOptions,
): ConditionAssessment {
  const assessment: ConditionAssessment = { restrictions: [], notes: [], unknownKeys: [] };

  for (const entry of entries) {
    const key = scopingKey(entry.key);
    if (!key) {
      if (!isKnownKey(entry.key)) {
        assessment.unknownKeys.push(entry.key);
        assessment.notes.push(
          `Condition key \`${entry.key}\` is not one ecr-check recognises, so it is not counted as a restriction.`,
        );
      }
      continue;
    }

    const values = resolveOwnVariables(entry.values, options);
    const why = whyNotRestricting(entry, key, values);
    if (why) {
      assessment.notes.push(why);
      continue;
    }
    assessment.restrictions.push(restrictionOf(key, values, options));
  }

  return assessment;
}

/** Replaces `${aws:ResourceAccount}` with the owner account; other values stay as written. */
export function resolveOwnVariables(
  values: readonly string[],
  options: Pick<AnalyzeOptions, 'ownerAccount'>,
): string[] {
  return values.map((value) =>
    OWN_ACCOUNT_VARIABLE.test(value.trim()) ? options.ownerAccount : value,
  );
}

function whyNotRestricting(
  entry: ConditionEntry,
  key: ScopingKey,
  values: readonly string[],
): string | undefined {
  const operator = parseOperator(entry.operator);
  const label = `\`${entry.operator}\` on \`${key.name}\``;

  if (operator.base === 'null') {
    return `${label} only checks whether the key is present, so it does not limit who gets in.`;
  }
  if (isNegatedOperator(operator.base)) {
    return `${label} matches everything except the listed values, including callers without the key, so it does not limit who gets in.`;
  }
  if (operator.ifExists) {
    return `${label} is true when the request has no such key, so it does not limit who gets in.`;
  }
  if (operator.set === 'all') {
    const single = MULTI_VALUED_KEYS.has(key.name.toLowerCase()) ? '' : ' (a single-valued key)';
    return `${label}${single} is true when the key is absent, for example for principals outside any organization, so it does not limit who gets in.`;
  }
  if (!operatorFits(operator.base, key.value)) {
    return `${label} is not an operator that compares this key, so it does not limit who gets in.`;
  }
  if (values.length === 0) return `${label} lists no values, so it is not counted.`;

  const vague = values.find((value) => !isConcrete(value, key.value));
  if (vague !== undefined) {
    return `${label} allows \`${vague}\`, which matches everyone, so it does not limit who gets in.`;
  }
  return undefined;
}

/** True when a positive operator (`StringEquals`, `IpAddress`...) compares this key with concrete values. */
export function valuesAreConcrete(
  positiveBase: string,
  key: ScopingKey,
  values: readonly string[],
): boolean {
  return (
    operatorFits(positiveBase, key.value) &&
    values.length > 0 &&
    values.every((value) => isConcrete(value, key.value))
  );
}

function operatorFits(base: string, value: ValueKind): boolean {
  if (value === 'ip') return base === 'ipaddress';
  if (value === 'arn') return ARN_OPERATORS.has(base);
  return STRING_OPERATORS.has(base);
}

function isConcrete(value: string, kind: ValueKind): boolean {
  const text = value.trim();
  switch (kind) {
    case 'org':
      return ORG_ID.test(text) || OWN_ORG_VARIABLE.test(text);
    case 'org-path':
      return ORG_ID.test(text.split('/')[0] ?? '');
    case 'account':
      return /^\d{12}$/.test(text);
    case 'arn': {
      const account = arnAccount(text);
      if (account === undefined) return false;
      if (account === '') return !/[*?]/.test(text);
      return /^\d{12}$/.test(account);
    }
    case 'vpc':
      return /^vpc-[a-z0-9]+$/i.test(text);
    case 'vpce':
      return /^vpce-[a-z0-9]+$/i.test(text);
    case 'ip':
      return isNarrowCidr(text);
  }
}

/** A single address or a CIDR narrower than a /8 (IPv4) or /16 (IPv6); `0.0.0.0/0` is everyone. */
function isNarrowCidr(text: string): boolean {
  const [address = '', prefixText] = text.split('/');
  const isV6 = address.includes(':');
  const max = isV6 ? 128 : 32;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || prefixText === '') return false;
  if (isV6) return /^[0-9a-f:.]+$/i.test(address) && prefix >= 16;
  const octets = address.split('.');
  const valid =
    octets.length === 4 && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) < 256);
  return valid && prefix >= 8;
}

function restrictionOf(
  key: ScopingKey,
  values: readonly string[],
  options: AnalyzeOptions,
): Restriction {
  const description = `${key.name} is ${values.map((value) => `\`${value}\``).join(' or ')}`;
  const accounts = key.value === 'account' || key.value === 'arn' ? accountsOf(key, values) : [];
  return {
    key: key.name,
    family: key.family,
    description,
    accounts,
    scope: restrictionScopeOf(key, values, options),
  };
}

/** Whose callers concrete values of a scoping key stand for: yours, someone else's, or unknown. */
export function restrictionScopeOf(
  key: ScopingKey,
  values: readonly string[],
  options: AnalyzeOptions,
): RestrictionScope {
  if (key.value === 'org' || key.value === 'org-path') {
    const orgs = values.map((value) => (value.trim().split('/')[0] ?? '').toLowerCase());
    const trusted = (options.trustedOrgs ?? []).map((org) => org.toLowerCase());
    if (orgs.every((org) => OWN_ORG_VARIABLE.test(org) || trusted.includes(org))) return 'own';
    return trusted.length > 0 ? 'external' : 'unknown';
  }

  if (key.value === 'account' || key.value === 'arn') {
    const accounts = accountsOf(key, values);
    if (accounts.some((account) => account === '')) return 'unknown';
    return accounts.every((account) => isOwnAccount(account, options)) ? 'own' : 'external';
  }

  return 'unknown';
}

function accountsOf(key: ScopingKey, values: readonly string[]): string[] {
  return values.map((value) =>
    key.value === 'account' ? value.trim() : (arnAccount(value.trim()) ?? ''),
  );
}

function isKnownKey(key: string): boolean {
  const lower = key.trim().toLowerCase();
  return KNOWN_KEYS.has(lower) || KNOWN_KEY_FAMILIES.some((family) => lower.startsWith(family));
}
