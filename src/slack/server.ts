import type { AddressInfo } from 'node:net';
import { createSlackApp } from './app';
import type { SlackConfig } from './config';
import type { SlackServices } from './ports';
import { InProcessQueue } from './queue';
import { createHttpReceiver } from './receivers/http';
import type { SlackRuntime } from './runtime';

/** The path Slack posts slash commands and interactivity to. */
export const EVENTS_PATH = '/slack/events';

/** A running local Slack app. */
export interface SlackServer {
  /** The request URL for Slack (`http://host:port/slack/events`). */
  url: string;
  port: number;
  runtime: SlackRuntime;
  /** The in-process job queue (scans, applying and reverting changes, digests). */
  queue: InProcessQueue;
  /** Resolves when every request's listener and every job it queued have finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the Slack app over HTTP (Bolt's HTTPReceiver) at `/slack/events`, on 127.0.0.1 unless
 * another host is given; port 0 picks a free one. Slow work runs on an in-process queue with the
 * same job code the worker Lambda runs.
 */
export async function startSlackServer(options: {
  config: SlackConfig;
  services: SlackServices;
  port?: number;
  host?: string;
}): Promise<SlackServer> {
  const receiver = createHttpReceiver({
    signingSecret: options.config.signingSecret,
    endpoints: EVENTS_PATH,
    processBeforeResponse: false,
    unhandledRequestTimeoutMillis: 2900,
  });
  let queue: InProcessQueue | undefined;
  const { app, runtime, listenersIdle } = createSlackApp({
    config: options.config,
    services: options.services,
    receiver,
    queue: (base) => {
      queue = new InProcessQueue({
        services: base.services,
        client: base.client,
        channelId: base.config.channelId,
      });
      return queue;
    },
  });
  const server = (await app.start({
    port: options.port ?? 3000,
    host: options.host ?? '127.0.0.1',
  })) as import('node:http').Server | undefined;
  const address = server?.address() as AddressInfo | null | undefined;
  if (!address || !queue) throw new Error('the Slack app did not start listening');
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  const idleQueue = queue;
  return {
    url: `http://${host}:${address.port}${EVENTS_PATH}`,
    port: address.port,
    runtime,
    queue: idleQueue,
    async idle() {
      do {
        await listenersIdle();
        await idleQueue.idle();
      } while (idleQueue.busy);
    },
    async stop() {
      await listenersIdle();
      await idleQueue.idle();
      await app.stop();
    },
  };
}
