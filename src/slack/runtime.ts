import type { WebClient } from '@slack/web-api';
import type { Approvers } from './approvers';
import type { SlackConfig } from './config';
import type { JobQueue } from './jobs';
import type { SlackServices } from './ports';

/** Everything a listener needs; built once per process (once per Lambda cold start). */
export interface SlackRuntime {
  config: SlackConfig;
  services: SlackServices;
  client: WebClient;
  approvers: Approvers;
  queue: JobQueue;
  /** Our workspace id: SLACK_TEAM_ID, else auth.test's team (asked once, then cached). */
  teamId(): Promise<string | undefined>;
}

/** Caches auth.test's team id; a failed lookup is not cached, and yields undefined (fail closed). */
export function teamIdResolver(config: SlackConfig, client: WebClient) {
  let known: string | undefined = config.teamId;
  return async (): Promise<string | undefined> => {
    if (known) return known;
    try {
      const result = await client.auth.test();
      known = result.team_id;
      return known;
    } catch {
      return undefined;
    }
  };
}

/** True when a request comes from our workspace. */
export async function isOurTeam(runtime: SlackRuntime, teamId: string | undefined) {
  const ours = await runtime.teamId();
  return ours !== undefined && teamId === ours;
}
