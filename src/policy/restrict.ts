import { classifyPrincipal } from './principals';

type Statement = Record<string, unknown>;

/**
 * Returns the statement limited to members of `orgId`, as one or two statements. Callers through
 * IAM get `aws:PrincipalOrgID`; AWS service principals never carry that key, so they get
 * `aws:SourceOrgID` instead, in a statement of their own when the two are mixed. Everything else
 * in the statement is kept as written.
 */
export function restrictStatementToOrg(statement: Statement, orgId: string): Statement[] {
  const principal = statement.Principal;
  if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) {
    return [withCondition(statement, 'aws:PrincipalOrgID', orgId)];
  }

  const entries = Object.entries(principal as Record<string, unknown>);
  const services = entries.filter(([type]) => isService(type));
  const others = entries.filter(([type]) => !isService(type));
  if (services.length === 0) return [withCondition(statement, 'aws:PrincipalOrgID', orgId)];
  if (others.length === 0) return [withCondition(statement, 'aws:SourceOrgID', orgId)];

  const callers = withCondition(
    { ...statement, Principal: Object.fromEntries(others) },
    'aws:PrincipalOrgID',
    orgId,
  );
  const serviceStatement = withCondition(
    { ...statement, Principal: Object.fromEntries(services) },
    'aws:SourceOrgID',
    orgId,
  );
  if (typeof statement.Sid === 'string') serviceStatement.Sid = `${statement.Sid}Services`;
  return [callers, serviceStatement];
}

function isService(type: string): boolean {
  return classifyPrincipal({ type, value: 'x' }).kind === 'service';
}

/** Adds `StringEquals: { key: value }`, replacing any same key (any case) under that operator. */
function withCondition(statement: Statement, key: string, value: string): Statement {
  const condition: Record<string, unknown> = structuredClone(
    isRecord(statement.Condition) ? statement.Condition : {},
  );
  const operator =
    Object.keys(condition).find((name) => name.toLowerCase() === 'stringequals') ?? 'StringEquals';
  const block: Record<string, unknown> = isRecord(condition[operator])
    ? (condition[operator] as Record<string, unknown>)
    : {};
  for (const existing of Object.keys(block)) {
    if (existing.toLowerCase() === key.toLowerCase()) delete block[existing];
  }
  block[key] = value;
  condition[operator] = block;
  return { ...structuredClone(statement), Condition: condition };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
