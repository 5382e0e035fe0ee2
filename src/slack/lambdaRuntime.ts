import { EcrCheckError } from '../shared/errors';
import type { SlackConfig } from './config';

/**
 * Reads the signing secret and the bot token from Secrets Manager by the names in
 * SLACK_SIGNING_SECRET_NAME / SLACK_BOT_TOKEN_SECRET_NAME (plain SecretString values), once per
 * cold start, and validates the whole configuration. A missing name, secret or value fails with
 * `config-invalid`, so the function refuses every request rather than run unverified. The values
 * are never logged. The validation (zod) is imported here, at the first request, not when the
 * module loads, so a cold start does not build schemas before it needs them.
 */
export async function loadLambdaSlackConfig(
  env: NodeJS.ProcessEnv = process.env,
): Promise<SlackConfig> {
  const signingName = env.SLACK_SIGNING_SECRET_NAME?.trim();
  const tokenName = env.SLACK_BOT_TOKEN_SECRET_NAME?.trim();
  if (!signingName || !tokenName) {
    throw new EcrCheckError(
      'config-invalid',
      'SLACK_SIGNING_SECRET_NAME and SLACK_BOT_TOKEN_SECRET_NAME must name the two Slack secrets.',
    );
  }
  const [{ GetSecretValueCommand, SecretsManagerClient }, { loadSlackConfig }] = await Promise.all([
    import('@aws-sdk/client-secrets-manager'),
    import('./config'),
  ]);
  const client = new SecretsManagerClient({ maxAttempts: 3 });
  const read = async (name: string): Promise<string> => {
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: name }));
      const value = out.SecretString?.trim();
      if (!value) throw new Error('the secret has no string value');
      return value;
    } catch (error) {
      throw new EcrCheckError('config-invalid', `Could not read the Slack secret ${name}.`, {
        cause: error instanceof Error ? error.name : 'unknown',
      });
    }
  };
  const [signingSecret, botToken] = await Promise.all([read(signingName), read(tokenName)]);
  client.destroy();
  return loadSlackConfig(env, { signingSecret, botToken });
}

/**
 * Memoises an async initialiser for the life of a Lambda container; a failed start is not kept,
 * so the next invocation tries again (for example after the secret was put).
 */
export function once<T>(init: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= init().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
