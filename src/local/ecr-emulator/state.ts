import { type ParsedEstate, policyText } from './estate';
import { DEFAULT_REGIONS, OPT_IN_REGIONS, type RegionOptStatus } from './regions';

const DEFAULT_CREATED_AT = '2024-01-01T00:00:00Z';

/** A repository as the emulator keeps it. Policy text is kept byte for byte. */
export interface StoredRepository {
  name: string;
  policy: string | null;
  createdAt: Date;
}

/** One region's private registry. */
export interface RegistryState {
  repositories: Map<string, StoredRepository>;
  /** Repository names in order, rebuilt lazily after adds and deletes (pagination walks it). */
  sortedNames: string[] | null;
  registryPolicy: string | null;
  registryPolicyScope: 'V1' | 'V2';
}

/** Everything the emulator serves: private registries per region, ECR Public, region opt-in. */
export class EmulatorState {
  readonly accountId: string;
  readonly publicAlias: string;
  readonly registries = new Map<string, RegistryState>();
  readonly publicRepositories: RegistryState;
  private readonly disabled: Set<string>;

  constructor(estate: ParsedEstate) {
    this.accountId = estate.accountId;
    this.publicAlias = estate.publicRegistryAlias ?? `e${estate.accountId.slice(-8)}`;
    this.disabled = new Set(estate.disabledRegions);
    for (const [region, seed] of Object.entries(estate.regions)) {
      const registry = this.registry(region, true);
      for (const repo of seed.repositories) addTo(registry, repo);
      registry.registryPolicy = policyText(seed.registryPolicy);
      registry.registryPolicyScope = seed.registryPolicyScope ?? 'V2';
    }
    this.publicRepositories = emptyRegistry();
    for (const repo of estate.publicRepositories) addTo(this.publicRepositories, repo);
  }

  /** Opt-in status of every region the Account API reports. */
  regionStatuses(): { region: string; status: RegionOptStatus }[] {
    const out: { region: string; status: RegionOptStatus }[] = [];
    const seen = new Set<string>();
    for (const region of [...DEFAULT_REGIONS, ...OPT_IN_REGIONS, ...this.registries.keys()]) {
      if (seen.has(region)) continue;
      seen.add(region);
      out.push({ region, status: this.regionStatus(region) });
    }
    for (const region of this.disabled) {
      if (!seen.has(region)) out.push({ region, status: 'DISABLED' });
    }
    return out;
  }

  /** A region is usable when it is enabled by default or seeded, and not listed as disabled. */
  isEnabled(region: string): boolean {
    const status = this.regionStatus(region);
    return status === 'ENABLED' || status === 'ENABLED_BY_DEFAULT';
  }

  /** The registry of an enabled region (created empty on first use). */
  registry(region: string, create = false): RegistryState {
    let registry = this.registries.get(region);
    if (!registry) {
      registry = emptyRegistry();
      if (create || this.isEnabled(region)) this.registries.set(region, registry);
    }
    return registry;
  }

  private regionStatus(region: string): RegionOptStatus {
    if (this.disabled.has(region)) return 'DISABLED';
    if (DEFAULT_REGIONS.includes(region)) return 'ENABLED_BY_DEFAULT';
    if (this.registries.has(region)) return 'ENABLED';
    return 'DISABLED';
  }
}

/** A registry with nothing in it. */
export function emptyRegistry(): RegistryState {
  return {
    repositories: new Map(),
    sortedNames: null,
    registryPolicy: null,
    registryPolicyScope: 'V2',
  };
}

/** Adds (or replaces) a repository in a registry. */
export function addTo(
  registry: RegistryState,
  repo: { name: string; policy?: string | Record<string, unknown> | null; createdAt?: string },
): StoredRepository {
  const stored: StoredRepository = {
    name: repo.name,
    policy: policyText(repo.policy),
    createdAt: new Date(repo.createdAt ?? DEFAULT_CREATED_AT),
  };
  if (Number.isNaN(stored.createdAt.getTime())) {
    throw new Error(`repository ${repo.name}: createdAt ${repo.createdAt} is not a date`);
  }
  if (!registry.repositories.has(repo.name)) registry.sortedNames = null;
  registry.repositories.set(repo.name, stored);
  return stored;
}

/** Removes a repository; true when it existed. */
export function removeFrom(registry: RegistryState, name: string): boolean {
  const removed = registry.repositories.delete(name);
  if (removed) registry.sortedNames = null;
  return removed;
}

/** Repository names in a stable order for pagination. */
export function sortedNames(registry: RegistryState): string[] {
  if (!registry.sortedNames) registry.sortedNames = [...registry.repositories.keys()].sort();
  return registry.sortedNames;
}
