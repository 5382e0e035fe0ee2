import * as z from 'zod';
import { EcrCheckError } from './errors';

const list = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;

const coreSchema = z.object({
  ECR_CHECK_REGIONS: list.pipe(
    z.array(z.string().regex(REGION, 'is not an AWS region name (for example eu-west-1)')),
  ),
  ECR_CHECK_ACCOUNT_ID: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit account id')
    .optional(),
  ECR_CHECK_TRUSTED_ACCOUNTS: list.pipe(
    z.array(z.string().regex(/^\d{12}$/, 'must be 12-digit account ids')),
  ),
  ECR_CHECK_TRUSTED_ORG: z
    .string()
    .regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id like o-a1b2c3d4e5')
    .optional(),
  ECR_CHECK_APPROVERS: list.pipe(
    z.array(
      z.string().regex(/^[UWS][A-Z0-9]{2,}$/, 'must be Slack user (U…, W…) or group (S…) ids'),
    ),
  ),
  DYNAMODB_TABLE: z.string().min(3).optional(),
});

/** Settings every part of ecr-check shares, read from the environment. */
export interface CoreConfig {
  /** Explicit regions; empty means "every region enabled for the account". */
  regions: string[];
  /** Owner account when configured; otherwise STS decides. */
  accountId: string | undefined;
  trustedAccounts: string[];
  /** The organization trusted like the owner, and the one `restrict-to-org` pins policies to. */
  trustedOrg: string | undefined;
  /** Slack user and user group ids allowed to approve, reject and revert. */
  approvers: string[];
  /** DynamoDB table; unset locally means "start the embedded store". */
  table: string | undefined;
}

/** Reads and validates the shared settings; a bad value fails with every problem named. */
export function loadCoreConfig(env: NodeJS.ProcessEnv = process.env): CoreConfig {
  const parsed = coreSchema.safeParse(blankToUndefined(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new EcrCheckError('config-invalid', `Invalid configuration: ${problems.join('; ')}`);
  }
  const value = parsed.data;
  return {
    regions: value.ECR_CHECK_REGIONS,
    accountId: value.ECR_CHECK_ACCOUNT_ID,
    trustedAccounts: value.ECR_CHECK_TRUSTED_ACCOUNTS,
    trustedOrg: value.ECR_CHECK_TRUSTED_ORG,
    approvers: value.ECR_CHECK_APPROVERS,
    table: value.DYNAMODB_TABLE,
  };
}

function blankToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) {
    out[key] = value === undefined || value.trim() === '' ? undefined : value.trim();
  }
  return out;
}
