import * as z from 'zod';
import { type CoreConfig, loadCoreConfig } from '../shared/config';
import { EcrCheckError } from '../shared/errors';

/** Settings of the Slack app. Secrets are held here in memory only; never log this object. */
export interface SlackConfig {
  signingSecret: string;
  botToken: string;
  channelId: string;
  /** Web API base URL ending in `/` (Slack's unless a stand-in is configured). */
  apiUrl: string;
  /** Our workspace; when unset, auth.test's team is used. */
  teamId: string | undefined;
  core: CoreConfig;
}

const schema = z.object({
  SLACK_SIGNING_SECRET: z
    .string({ error: 'is missing (the app signing secret from the Slack app settings)' })
    .min(8, 'looks too short to be a signing secret'),
  SLACK_BOT_TOKEN: z
    .string({ error: 'is missing (the bot token, xoxb-…)' })
    .regex(/^xox[bp]-[\w-]+$/, 'must be a bot token starting with xoxb-'),
  SLACK_CHANNEL_ID: z
    .string({ error: 'is missing (the channel id for the digest, C…)' })
    .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id like C0123456789 (not a #name)'),
  SLACK_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' })
    .optional(),
  SLACK_TEAM_ID: z
    .string()
    .regex(/^[TE][A-Z0-9]{2,}$/, 'must be a workspace id like T0123456789')
    .optional(),
});

/**
 * Reads and validates the Slack settings plus the shared ones; every problem is named in one
 * `config-invalid` error. `secrets` overrides the two secrets (Lambda reads them from Secrets
 * Manager instead of the environment).
 */
export function loadSlackConfig(
  env: NodeJS.ProcessEnv = process.env,
  secrets: { signingSecret?: string; botToken?: string } = {},
): SlackConfig {
  const values: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key]?.trim();
    values[key] = value ? value : undefined;
  }
  if (secrets.signingSecret !== undefined) values.SLACK_SIGNING_SECRET = secrets.signingSecret;
  if (secrets.botToken !== undefined) values.SLACK_BOT_TOKEN = secrets.botToken;

  const problems: string[] = [];
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  let core: CoreConfig | undefined;
  try {
    core = loadCoreConfig(env);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (!parsed.success || !core) {
    throw new EcrCheckError(
      'config-invalid',
      `Invalid Slack configuration: ${problems.join('; ')}`,
    );
  }
  const apiUrl = parsed.data.SLACK_API_URL ?? 'https://slack.com/api/';
  return {
    signingSecret: parsed.data.SLACK_SIGNING_SECRET,
    botToken: parsed.data.SLACK_BOT_TOKEN,
    channelId: parsed.data.SLACK_CHANNEL_ID,
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    teamId: parsed.data.SLACK_TEAM_ID,
    core,
  };
}
