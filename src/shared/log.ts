import { Logger } from '@aws-lambda-powertools/logger';
import { EcrCheckError } from './errors';

/** The log levels ecr-check accepts, in Powertools' spelling. */
export type LogLevelName = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

const LEVELS: readonly LogLevelName[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'];

/** Reads a log level in any case (`debug`, `DEBUG`); an unknown one fails naming the choices. */
export function parseLogLevel(text: string, source = 'ECR_CHECK_LOG_LEVEL'): LogLevelName {
  const level = text.trim().toUpperCase();
  if ((LEVELS as readonly string[]).includes(level)) return level as LogLevelName;
  throw new EcrCheckError(
    'config-invalid',
    `${source} must be one of ${LEVELS.join(', ')} (any case), not ${JSON.stringify(text)}.`,
  );
}

function levelAtImport(): LogLevelName {
  const text = process.env.ECR_CHECK_LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO';
  try {
    return parseLogLevel(text);
  } catch {
    // Nothing can report a bad value this early; the CLI checks it again and says so.
    return 'INFO';
  }
}

/**
 * The structured JSON logger every part of ecr-check writes to: fixed keys (level, message,
 * timestamp, service, and on Lambda the request id and cold start) plus domain keys passed per call
 * (registryId, region, repository, requestId, slackUser). Info goes to stdout, warnings and errors to
 * stderr; the CLI lowers the level to WARN so its own output stays clean. Never pass secrets, tokens,
 * `response_url`s or whole policy texts at info level. `service` is Powertools' own key: a
 * domain value under that name is dropped, so AWS services are logged as `awsService`.
 */
export const log = new Logger({ serviceName: 'ecr-check', logLevel: levelAtImport() });

/** Lowers or raises the log level at run time (the CLI uses WARN unless asked otherwise). */
export function setLogLevel(level: LogLevelName): void {
  log.setLogLevel(level);
}
