/** Which calls to count: any field left out matches everything. */
export interface CallFilter {
  service?: 'ecr' | 'ecr-public' | 'sts' | 'account';
  region?: string;
  op?: string;
}

/** Calls and throttled answers for one service, region and operation. */
export interface CounterEntry {
  service: string;
  region: string;
  op: string;
  calls: number;
  throttled: number;
}

/** Counts every call the emulator receives, and how many it throttled. */
export class CallCounters {
  private readonly entries = new Map<string, CounterEntry>();

  /** Records one call; returns its entry so a throttle can be added to it. */
  record(service: string, region: string, op: string): CounterEntry {
    const key = `${service}|${region}|${op}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { service, region, op, calls: 0, throttled: 0 };
      this.entries.set(key, entry);
    }
    entry.calls += 1;
    return entry;
  }

  /** A copy of every counter. */
  list(): CounterEntry[] {
    return [...this.entries.values()].map((entry) => ({ ...entry }));
  }

  /** Sum of `calls` or `throttled` over the entries the filter matches. */
  sum(field: 'calls' | 'throttled', filter: CallFilter = {}): number {
    let total = 0;
    for (const entry of this.entries.values()) {
      if (filter.service !== undefined && entry.service !== filter.service) continue;
      if (filter.region !== undefined && entry.region !== filter.region) continue;
      if (filter.op !== undefined && entry.op !== filter.op) continue;
      total += entry[field];
    }
    return total;
  }

  reset(): void {
    this.entries.clear();
  }
}
