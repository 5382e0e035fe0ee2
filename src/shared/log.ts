import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The structured JSON logger every part of ecr-check writes to: fixed keys (level, message,
 * timestamp, service, and on Lambda the request id and cold start) plus domain keys passed per call
 * (registryId, region, repository, requestId, slackUser). Info goes to stdout, warnings and errors to
 * stderr; the CLI lowers the level to WARN so its own output stays clean. Never pass secrets, tokens,
 * `response_url`s or whole policy texts at info level.
 */
export const log = new Logger({
  serviceName: 'ecr-check',
  logLevel: (process.env.ECR_CHECK_LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO') as
    | 'DEBUG'
    | 'INFO'
    | 'WARN'
    | 'ERROR'
    | 'SILENT',
});

/** Lowers or raises the log level at run time (the CLI uses WARN unless asked otherwise). */
export function setLogLevel(level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT'): void {
  log.setLogLevel(level);
}
