import { EcrCheckError } from '../shared/errors';

/** ECR rejects repository and registry policies longer than this many characters. */
export const MAX_POLICY_CHARS = 10_240;

/** One principal as written: its type (`AWS`, `Service`, ...) and value. `*` alone has type `*`. */
export interface WrittenPrincipal {
  type: string;
  value: string;
}

/** One condition entry: an operator, one key and that key's values (ORed). */
export interface ConditionEntry {
  operator: string;
  key: string;
  values: string[];
}

/** A statement in one shape whatever way it was written; the input document is never changed. */
export interface NormalisedStatement {
  index: number;
  sid: string | null;
  effect: 'Allow' | 'Deny';
  /** `negated` for `NotPrincipal`. */
  principal: { negated: boolean; entries: WrittenPrincipal[] };
  /** `negated` for `NotAction`. */
  action: { negated: boolean; patterns: string[] };
  /** `null` when the statement names no `Resource` (repository policies usually do not). */
  resource: { negated: boolean; patterns: string[] } | null;
  conditions: ConditionEntry[];
}

/** A parsed document: the JSON as written plus its statements normalised. */
export interface ParsedPolicy {
  document: Record<string, unknown>;
  /** The raw statement objects, in order, exactly as parsed. */
  rawStatements: Record<string, unknown>[];
  /** Whether `Statement` was written as an array (the planner keeps the shape). */
  statementIsArray: boolean;
  statements: NormalisedStatement[];
}

/**
 * Parses and checks a policy document. Throws EcrCheckError `policy-too-long` over 10,240
 * characters and `policy-malformed` for anything ECR would reject (not JSON, no statements, an
 * Effect other than Allow/Deny, a missing principal or action, values of the wrong type).
 */
export function parsePolicy(text: string): ParsedPolicy {
  if (typeof text !== 'string') throw malformed('the policy is not text');
  if (text.length > MAX_POLICY_CHARS) {
    throw new EcrCheckError(
      'policy-too-long',
      `The policy is ${text.length.toLocaleString('en-US')} characters long; ECR allows at most ${MAX_POLICY_CHARS.toLocaleString('en-US')}.`,
      { details: { length: text.length } },
    );
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw malformed(`the policy is not valid JSON (${(cause as Error).message})`, cause);
  }
  if (!isObject(parsed)) throw malformed('the policy must be a JSON object');
  if (!('Statement' in parsed)) throw malformed('the policy has no "Statement"');

  const statementIsArray = Array.isArray(parsed.Statement);
  const raw: unknown[] = statementIsArray ? (parsed.Statement as unknown[]) : [parsed.Statement];
  if (raw.length === 0) throw malformed('the policy\'s "Statement" list is empty');
  const rawStatements = raw.map((statement, index) => {
    if (!isObject(statement)) throw malformed(`statement ${index} is not a JSON object`);
    return statement;
  });

  return {
    document: parsed,
    rawStatements,
    statementIsArray,
    statements: rawStatements.map(normaliseStatement),
  };
}

function normaliseStatement(raw: Record<string, unknown>, index: number): NormalisedStatement {
  const sid = typeof raw.Sid === 'string' ? raw.Sid : null;
  const where = sid === null ? `statement ${index}` : `statement ${index} ("${sid}")`;

  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') {
    throw malformed(
      `${where} has Effect ${JSON.stringify(raw.Effect)}; it must be "Allow" or "Deny"`,
    );
  }

  return {
    index,
    sid,
    effect: raw.Effect,
    principal: principalOf(raw, where),
    action: actionPatterns(raw, where),
    resource: resourceOf(raw, where),
    conditions: conditionsOf(raw.Condition, where),
  };
}

function principalOf(
  raw: Record<string, unknown>,
  where: string,
): NormalisedStatement['principal'] {
  const { negated, value } = pair(raw, 'Principal', 'NotPrincipal', where, true);
  if (value === '*') return { negated, entries: [{ type: '*', value: '*' }] };
  if (!isObject(value)) {
    throw malformed(`${where} has a principal that is neither "*" nor an object like {"AWS": ...}`);
  }
  const entries: WrittenPrincipal[] = [];
  for (const [type, values] of Object.entries(value)) {
    for (const item of stringList(values, `${where} principal "${type}"`)) {
      entries.push({ type, value: item });
    }
  }
  return { negated, entries };
}

function actionPatterns(
  raw: Record<string, unknown>,
  where: string,
): NormalisedStatement['action'] {
  const { negated, value } = pair(raw, 'Action', 'NotAction', where, true);
  return { negated, patterns: stringList(value, `${where} action`) };
}

function resourceOf(raw: Record<string, unknown>, where: string): NormalisedStatement['resource'] {
  if (!('Resource' in raw) && !('NotResource' in raw)) return null;
  const { negated, value } = pair(raw, 'Resource', 'NotResource', where, false);
  return { negated, patterns: stringList(value, `${where} resource`) };
}

function conditionsOf(condition: unknown, where: string): ConditionEntry[] {
  if (condition === undefined) return [];
  if (!isObject(condition)) throw malformed(`${where} has a Condition that is not an object`);
  const entries: ConditionEntry[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    if (!isObject(block)) {
      throw malformed(`${where} condition operator "${operator}" must map keys to values`);
    }
    for (const [key, values] of Object.entries(block)) {
      entries.push({ operator, key, values: scalarList(values, `${where} condition "${key}"`) });
    }
  }
  return entries;
}

/** Reads `name` or its negated twin; exactly one must be present. */
function pair(
  raw: Record<string, unknown>,
  name: string,
  notName: string,
  where: string,
  required: boolean,
): { negated: boolean; value: unknown } {
  const has = name in raw;
  const hasNot = notName in raw;
  if (has && hasNot) throw malformed(`${where} has both ${name} and ${notName}`);
  if (!has && !hasNot && required) throw malformed(`${where} has no ${name} (or ${notName})`);
  return hasNot ? { negated: true, value: raw[notName] } : { negated: false, value: raw[name] };
}

function stringList(value: unknown, what: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item !== 'string') throw malformed(`${what} must be a string or a list of strings`);
    return item;
  });
}

function scalarList(value: unknown, what: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    throw malformed(`${what} must be a string, number, boolean or a list of them`);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(problem: string, cause?: unknown): EcrCheckError {
  return new EcrCheckError('policy-malformed', `Malformed policy: ${problem}.`, { cause });
}
