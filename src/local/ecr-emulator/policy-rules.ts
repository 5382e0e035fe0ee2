import { ApiError } from './protocol';

/** ECR's limit on repository and registry policy documents. */
export const MAX_POLICY_LENGTH = 10_240;

/**
 * Checks a policy document the way ECR does before storing it: present, within 10,240 characters,
 * a JSON object with a `Statement`. ECR's deeper IAM validation (principals that exist, action
 * names) is not emulated.
 */
export function validatePolicyText(text: unknown): string {
  if (typeof text !== 'string' || text.length === 0) {
    throw new ApiError('InvalidParameterException', "Invalid parameter at 'policyText'");
  }
  if (text.length > MAX_POLICY_LENGTH) {
    throw new ApiError(
      'InvalidParameterException',
      `Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Member must have length ` +
        `less than or equal to ${MAX_POLICY_LENGTH}'`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    document = undefined;
  }
  const statement =
    document && typeof document === 'object' && !Array.isArray(document)
      ? (document as Record<string, unknown>).Statement
      : undefined;
  if (statement === undefined || statement === null || typeof statement !== 'object') {
    throw new ApiError(
      'InvalidParameterException',
      "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'",
    );
  }
  return text;
}

/**
 * True when the document denies everyone `ecr:SetRepositoryPolicy` without a condition: ECR then
 * refuses it unless `force` is set, because nobody could change the policy again.
 */
export function locksOutPolicyChanges(text: string): boolean {
  const document = JSON.parse(text) as { Statement?: unknown };
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statements.some((raw) => {
    if (!raw || typeof raw !== 'object') return false;
    const s = raw as Record<string, unknown>;
    if (s.Effect !== 'Deny' || s.Condition !== undefined) return false;
    const principal = s.Principal;
    const everyone =
      principal === '*' ||
      (typeof principal === 'object' &&
        principal !== null &&
        [(principal as Record<string, unknown>).AWS].flat().includes('*'));
    const actions = [s.Action].flat().map((a) => String(a).toLowerCase());
    const covers = actions.some(
      (a) => a === '*' || a === 'ecr:*' || a === 'ecr:setrepositorypolicy',
    );
    return everyone && covers;
  });
}
