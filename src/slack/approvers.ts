import type { WebClient } from '@slack/web-api';
import { log } from '../shared/log';

/** How long a user group's members are trusted before asking Slack again. */
export const GROUP_CACHE_MS = 60_000;

/**
 * Decides whether a Slack user may approve, reject, revert or accept risk: listed by user id
 * (U…/W…) in ECR_CHECK_APPROVERS, or a member of a listed user group (S…), resolved with
 * usergroups.users.list and cached briefly. Fails closed: when Slack cannot say who is in a
 * group, nobody is approved through that group.
 */
export class Approvers {
  private readonly users: Set<string>;
  private readonly groups: string[];
  private readonly cache = new Map<string, { members: Set<string>; until: number }>();

  constructor(
    ids: readonly string[],
    private readonly client: WebClient,
    private readonly now: () => number = Date.now,
  ) {
    this.users = new Set(ids.filter((id) => !id.startsWith('S')));
    this.groups = ids.filter((id) => id.startsWith('S'));
  }

  /** True when `userId` is an approver. */
  async isApprover(userId: string): Promise<boolean> {
    if (this.users.has(userId)) return true;
    for (const group of this.groups) {
      const members = await this.members(group);
      if (members.has(userId)) return true;
    }
    return false;
  }

  private async members(group: string): Promise<Set<string>> {
    const cached = this.cache.get(group);
    if (cached && cached.until > this.now()) return cached.members;
    try {
      const result = await this.client.usergroups.users.list({ usergroup: group });
      const members = new Set(result.users ?? []);
      this.cache.set(group, { members, until: this.now() + GROUP_CACHE_MS });
      return members;
    } catch (error) {
      log.warn('could not resolve approver group; treating it as empty', {
        usergroup: group,
        error: error instanceof Error ? error.message : String(error),
      });
      return new Set();
    }
  }
}
