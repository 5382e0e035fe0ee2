import type { Node } from 'constructs';
import { z } from 'zod';
import { loadCoreConfig } from '../src/shared/config';

/**
 * Deployment settings, read from CDK context (`cdk.json` holds the defaults; override with
 * `npx cdk deploy -c channel=C0123456789 -c digestTime=08:30 ...`). Lists are comma-separated.
 * The shared settings (regions, approvers, trusted accounts and org) are validated by the same
 * rules the functions apply at start, so a bad value fails the synth, not the first digest.
 */
export interface DeployConfig {
  /** Slack channel id the digest is posted to (C… or G…); empty synthesizes with a warning. */
  channel: string;
  /** Hour and minute of the daily digest, 24-hour `HH:MM`. */
  digestHour: number;
  digestMinute: number;
  /** IANA time zone the digest time is read in, for example Europe/Berlin. */
  digestTimeZone: string;
  regions: string[];
  approvers: string[];
  trustedAccounts: string[];
  trustedOrg: string | undefined;
  /** The Slack workspace (T…) requests must come from; unset trusts the bot token's workspace. */
  slackTeamId: string | undefined;
  /** Secrets Manager secret names (never the values). */
  slackSigningSecretName: string;
  slackBotTokenSecretName: string;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  logRetentionDays: number;
  /** Warm edge instances kept ready; 0 (the default) keeps the stack free at rest. */
  edgeProvisionedConcurrency: number;
  /** Optional SNS topic ARN the alarms notify; empty leaves the alarms without an action. */
  alarmTopicArn: string | undefined;
}

const text = z
  .union([z.string(), z.number(), z.array(z.string())])
  .optional()
  .transform((value) => (Array.isArray(value) ? value.join(',') : String(value ?? '')).trim());

const schema = z.object({
  channel: text.pipe(
    z.union([
      z.literal(''),
      z.string().regex(/^[CG][A-Z0-9]{6,}$/, 'must be a Slack channel id like C0123456789'),
    ]),
  ),
  digestTime: text.pipe(
    z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like 09:00'),
  ),
  digestTimeZone: text.pipe(
    z.string().refine(isTimeZone, 'must be an IANA time zone like Europe/Berlin or Etc/UTC'),
  ),
  slackTeamId: text.pipe(
    z.union([
      z.literal(''),
      z.string().regex(/^[TE][A-Z0-9]{2,}$/, 'must be a workspace id like T0123456789'),
    ]),
  ),
  slackSigningSecretName: text.pipe(
    z.string().regex(/^[\w/+=.@-]{1,512}$/, 'is not a secret name'),
  ),
  slackBotTokenSecretName: text.pipe(
    z.string().regex(/^[\w/+=.@-]{1,512}$/, 'is not a secret name'),
  ),
  logLevel: text.transform((v) => v.toUpperCase()).pipe(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR'])),
  logRetentionDays: text.pipe(z.coerce.number<string>().int().positive()),
  edgeProvisionedConcurrency: text.pipe(z.coerce.number<string>().int().min(0).max(10)),
  alarmTopicArn: text.pipe(
    z.union([z.literal(''), z.string().regex(/^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/)]),
  ),
});

const KEYS = [
  'channel',
  'digestTime',
  'digestTimeZone',
  'regions',
  'approvers',
  'trustedAccounts',
  'trustedOrg',
  'slackTeamId',
  'slackSigningSecretName',
  'slackBotTokenSecretName',
  'logLevel',
  'logRetentionDays',
  'edgeProvisionedConcurrency',
  'alarmTopicArn',
] as const;

/** The shared settings of `loadCoreConfig`, by CDK context key and the variable it checks. */
const SHARED: readonly { key: (typeof KEYS)[number]; env: string; list: boolean }[] = [
  { key: 'regions', env: 'ECR_CHECK_REGIONS', list: true },
  { key: 'approvers', env: 'ECR_CHECK_APPROVERS', list: true },
  { key: 'trustedAccounts', env: 'ECR_CHECK_TRUSTED_ACCOUNTS', list: true },
  { key: 'trustedOrg', env: 'ECR_CHECK_TRUSTED_ORG', list: false },
];

/**
 * A bad CDK context value. Its stack is only its message: the app is run by `cdk synth`, whose
 * user needs to know which `-c key=value` to fix, not where in the app it was noticed.
 */
export class DeployConfigError extends Error {
  constructor(problems: readonly string[]) {
    super(
      `Invalid CDK context (see README "Deploy"; fix with -c key=value or in cdk.json):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'DeployConfigError';
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * Reads and validates the deployment settings from CDK context; every problem, including those of
 * the shared settings (checked by `loadCoreConfig`'s rules), is named at once by its context key.
 */
export function readDeployConfig(node: Node): DeployConfig {
  const raw = Object.fromEntries(KEYS.map((key) => [key, text.parse(node.tryGetContext(key))]));

  const parsed = schema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '');
        return `${key} ${issue.message} (got ${JSON.stringify(raw[key] ?? '')})`;
      });
  for (const shared of SHARED) problems.push(...sharedProblems(shared, raw[shared.key] ?? ''));
  if (!parsed.success || problems.length > 0) throw new DeployConfigError(problems);

  const core = loadCoreConfig({
    ECR_CHECK_REGIONS: raw.regions,
    ECR_CHECK_APPROVERS: raw.approvers,
    ECR_CHECK_TRUSTED_ACCOUNTS: raw.trustedAccounts,
    ECR_CHECK_TRUSTED_ORG: raw.trustedOrg,
  });

  const value = parsed.data;
  const [hour, minute] = value.digestTime.split(':').map(Number);
  return {
    channel: value.channel,
    digestHour: hour ?? 9,
    digestMinute: minute ?? 0,
    digestTimeZone: value.digestTimeZone,
    regions: core.regions,
    approvers: core.approvers,
    trustedAccounts: core.trustedAccounts,
    trustedOrg: core.trustedOrg,
    slackTeamId: value.slackTeamId === '' ? undefined : value.slackTeamId,
    slackSigningSecretName: value.slackSigningSecretName,
    slackBotTokenSecretName: value.slackBotTokenSecretName,
    logLevel: value.logLevel,
    logRetentionDays: value.logRetentionDays,
    edgeProvisionedConcurrency: value.edgeProvisionedConcurrency,
    alarmTopicArn: value.alarmTopicArn === '' ? undefined : value.alarmTopicArn,
  };
}

/** Checks one shared setting item by item, so each bad value is named with its context key. */
function sharedProblems(shared: (typeof SHARED)[number], value: string): string[] {
  const items = shared.list
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
    : [value];
  const problems: string[] = [];
  for (const item of items) {
    try {
      loadCoreConfig({ [shared.env]: item });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const rule = message
        .replace(/^Invalid configuration: /, '')
        .replace(new RegExp(`^${shared.env}(\\.\\d+)? `), '');
      problems.push(`${shared.key} ${JSON.stringify(item)} ${rule}`);
    }
  }
  return problems;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
