import { App, LogLevel, type Receiver } from '@slack/bolt';
import { log } from '../shared/log';
import { Approvers } from './approvers';
import type { SlackConfig } from './config';
import type { JobQueue } from './jobs';
import { registerAcceptRisk } from './listeners/acceptRisk';
import { registerButtons } from './listeners/buttons';
import { registerCommand } from './listeners/command';
import { registerFallbacks } from './listeners/fallbacks';
import type { SlackServices } from './ports';
import { type SlackRuntime, teamIdResolver } from './runtime';
import { createWebClient } from './webClient';

/** What the app is built from; the receiver decides how it runs (HTTP locally, Lambda on AWS). */
export interface SlackAppOptions {
  config: SlackConfig;
  services: SlackServices;
  receiver: Receiver;
  /** Where slow work goes; given the runtime so an in-process queue can run jobs with it. */
  queue: (runtime: Omit<SlackRuntime, 'queue'>) => JobQueue;
}

/**
 * Builds the one Bolt app: `/ecr-check`, the finding and request buttons, and the Accept risk
 * modal. Signature verification is Bolt's (on for every request); the listeners only acknowledge,
 * authorise, record and enqueue.
 */
export function createSlackApp(options: SlackAppOptions): {
  app: App;
  runtime: SlackRuntime;
  /** Resolves when every listener that has started has finished (after its acknowledgement). */
  listenersIdle: () => Promise<void>;
} {
  const inFlight = new Set<Promise<unknown>>();
  const { config, services, receiver } = options;
  const client = createWebClient(config.botToken, config.apiUrl);
  const base = {
    config,
    services,
    client,
    approvers: new Approvers(config.core.approvers, client),
    teamId: teamIdResolver(config, client),
  };
  const runtime: SlackRuntime = { ...base, queue: options.queue(base) };

  // Our own authorize: Bolt's single-token mode would call auth.test on every request when token
  // verification is off, adding a Web API round trip before each acknowledgement.
  const app = new App({
    authorize: async () => ({ botToken: config.botToken }),
    ignoreSelf: false,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: config.apiUrl },
  });
  app.use(async ({ next }) => {
    const listener = next();
    inFlight.add(listener);
    try {
      await listener;
    } finally {
      inFlight.delete(listener);
    }
  });
  app.error(async (error) => {
    log.error('slack listener failed', { error: error.message, code: error.code });
  });

  registerCommand(app, runtime);
  registerButtons(app, runtime);
  registerAcceptRisk(app, runtime);
  registerFallbacks(app);
  const listenersIdle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
  return { app, runtime, listenersIdle };
}
