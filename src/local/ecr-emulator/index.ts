import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallCounters, type CallFilter, type CounterEntry } from './counters';
import { type Estate, parseEstate, policyText } from './estate';
import { type BehaviourSettings, createRequestHandler, type RegionFailure } from './server';
import { addTo, EmulatorState, removeFrom, sortedNames } from './state';
import { TokenBuckets } from './throttle';

export type { CallFilter, CounterEntry } from './counters';
export type { Estate, EstateRepository } from './estate';
export { loadEstateFile, parseEstate } from './estate';
export type { RegionFailure } from './server';

/** How to start the emulator. Everything but the estate can be changed later through `settings`. */
export interface EcrEmulatorOptions {
  /** What the account holds (see `startEcrEmulator`); an empty account 111122223333 by default. */
  estate?: Estate;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Delay before each answer, fixed or a [min, max] range in milliseconds. Default 0. */
  latencyMs?: number | [number, number];
  /**
   * Calls a second allowed per region per service (ECR, ECR Public), all operations together;
   * calls above it get `ThrottlingException`. Default: unlimited.
   */
  ratePerSecond?: number;
  /** Calls that may arrive at once before the rate applies. Default: `ratePerSecond`. */
  burst?: number;
  /** Regions that fail every ECR call; `us-east-1` also fails ECR Public. */
  failRegions?: Record<string, RegionFailure>;
  /** Answer Account ListRegions with AccessDeniedException. */
  denyListRegions?: boolean;
}

/** A running emulator: its address, counters and direct access to the estate for tests. */
export interface EcrEmulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  accountId: string;
  /** The SDK endpoint variables (ECR, ECR Public, STS, Account) pointing at this emulator. */
  endpointEnv(): Record<string, string>;
  /** Behaviour settings, live: change latency, failing regions or denial while it runs. */
  settings: BehaviourSettings;
  /** Changes the rate limit (per region per service) and burst while it runs. */
  setRate(ratePerSecond: number, burst?: number): void;
  /** Calls received (including throttled and failed ones) matching the filter. */
  calls(filter?: CallFilter): number;
  /** Calls answered with ThrottlingException matching the filter. */
  throttled(filter?: CallFilter): number;
  counters(): CounterEntry[];
  resetCounters(): void;

  /** Repository names of a region, sorted. */
  repositories(region: string): string[];
  addRepository(region: string, repo: RepositorySeed): void;
  deleteRepository(region: string, name: string): boolean;
  /** Exact policy text, or null when the repository has none; throws if it does not exist. */
  getRepositoryPolicy(region: string, name: string): string | null;
  /** Sets (string verbatim, object pretty-printed) or removes (null) a repository policy. */
  setRepositoryPolicy(region: string, name: string, policy: PolicySeed): void;
  getRegistryPolicy(region: string): string | null;
  setRegistryPolicy(region: string, policy: PolicySeed): void;
  getRegistryPolicyScope(region: string): 'V1' | 'V2';
  setRegistryPolicyScope(region: string, scope: 'V1' | 'V2'): void;
  publicRepositories(): string[];
  addPublicRepository(repo: RepositorySeed): void;
  getPublicRepositoryPolicy(name: string): string | null;
  setPublicRepositoryPolicy(name: string, policy: PolicySeed): void;

  /** Stops listening and drops every connection, including held (`timeout`) requests. */
  close(): Promise<void>;
}

/** A policy as tests and estates give it: exact text, an object (pretty-printed), or none. */
export type PolicySeed = string | Record<string, unknown> | null;
/** A repository as tests and estates give it. */
export interface RepositorySeed {
  name: string;
  policy?: PolicySeed;
  createdAt?: string;
}

/**
 * Starts an in-process emulator of the ECR, ECR Public, STS GetCallerIdentity and Account
 * ListRegions APIs on 127.0.0.1, speaking their wire protocols, so the real AWS SDK v3 works
 * against it through `AWS_ENDPOINT_URL_ECR`, `AWS_ENDPOINT_URL_ECR_PUBLIC`, `AWS_ENDPOINT_URL_STS`
 * and `AWS_ENDPOINT_URL_ACCOUNT` (all may point at the same emulator; `endpointEnv()` gives them).
 * The region comes from each request's SigV4 credential scope; signatures are not verified.
 *
 * The estate (JSON; other parts of ecr-check write fixtures in it, keep it stable):
 * ```json
 * { "accountId": "111122223333",
 *   "regions": { "eu-west-1": {
 *       "repositories": [{ "name": "api", "policy": "<exact text>" | {object} | null,
 *                          "createdAt": "2024-01-01T00:00:00Z" }],
 *       "registryPolicy": "<text>" | {object} | null,
 *       "registryPolicyScope": "V1" | "V2" } },
 *   "disabledRegions": ["ap-east-1"],
 *   "publicRepositories": [{ "name": "tools", "policy": null, "createdAt": "..." }],
 *   "publicRegistryAlias": "optional; public.ecr.aws/<alias>/<name>" }
 * ```
 * String policies are stored and returned byte for byte; object policies are stored as
 * `JSON.stringify(policy, null, 2)`. `policy`, `registryPolicy` and `createdAt` may be left out
 * (no policy, no registry policy, 2024-01-01). The scope defaults to V2, as in ECR.
 *
 * Regions: the 17 regions every account has are enabled (empty unless seeded); an opt-in region is
 * enabled only when the estate lists it under `regions`; `disabledRegions` are disabled. Calls into a
 * disabled region answer UnrecognizedClientException, as AWS does; ListRegions reports it DISABLED.
 * ECR Public answers in us-east-1 only.
 *
 * Not emulated: images, lifecycle and replication settings, IAM evaluation of policies (a policy is
 * only checked for size, JSON and a `Statement`), signature verification, per-operation rate limits
 * (one bucket per region and service for all operations).
 */
export async function startEcrEmulator(options: EcrEmulatorOptions = {}): Promise<EcrEmulator> {
  const state = new EmulatorState(parseEstate(options.estate ?? { accountId: '111122223333' }));
  const rate = options.ratePerSecond ?? Number.POSITIVE_INFINITY;
  const buckets = new TokenBuckets(rate, options.burst ?? Math.max(1, rate));
  const counters = new CallCounters();
  const held = new Set<ServerResponse>();
  const settings: BehaviourSettings = {
    latencyMs: options.latencyMs ?? 0,
    failRegions: { ...(options.failRegions ?? {}) },
    denyListRegions: options.denyListRegions ?? false,
  };

  // noDelay: without it Nagle's algorithm and delayed ACKs add ~40 ms to every small answer.
  const server = createServer(
    { noDelay: true, keepAlive: true },
    createRequestHandler({ state, settings, buckets, counters, held }),
  );
  server.keepAliveTimeout = 30_000;
  await listen(server, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const repo = (region: string, name: string) => {
    const found = state.registry(region).repositories.get(name);
    if (!found) throw new Error(`no repository ${name} in ${region}`);
    return found;
  };
  const publicRepo = (name: string) => {
    const found = state.publicRepositories.repositories.get(name);
    if (!found) throw new Error(`no public repository ${name}`);
    return found;
  };

  return {
    url,
    port,
    accountId: state.accountId,
    endpointEnv: () => ({
      AWS_ENDPOINT_URL_ECR: url,
      AWS_ENDPOINT_URL_ECR_PUBLIC: url,
      AWS_ENDPOINT_URL_STS: url,
      AWS_ENDPOINT_URL_ACCOUNT: url,
    }),
    settings,
    setRate: (ratePerSecond, burst) => {
      buckets.rate = ratePerSecond;
      buckets.burst = burst ?? Math.max(1, ratePerSecond);
    },
    calls: (filter) => counters.sum('calls', filter),
    throttled: (filter) => counters.sum('throttled', filter),
    counters: () => counters.list(),
    resetCounters: () => counters.reset(),

    repositories: (region) => [...sortedNames(state.registry(region))],
    addRepository: (region, seed) => {
      addTo(state.registry(region, true), seed);
    },
    deleteRepository: (region, name) => removeFrom(state.registry(region), name),
    getRepositoryPolicy: (region, name) => repo(region, name).policy,
    setRepositoryPolicy: (region, name, policy) => {
      repo(region, name).policy = policyText(policy);
    },
    getRegistryPolicy: (region) => state.registry(region).registryPolicy,
    setRegistryPolicy: (region, policy) => {
      state.registry(region, true).registryPolicy = policyText(policy);
    },
    getRegistryPolicyScope: (region) => state.registry(region).registryPolicyScope,
    setRegistryPolicyScope: (region, scope) => {
      state.registry(region, true).registryPolicyScope = scope;
    },
    publicRepositories: () => [...sortedNames(state.publicRepositories)],
    addPublicRepository: (seed) => {
      addTo(state.publicRepositories, seed);
    },
    getPublicRepositoryPolicy: (name) => publicRepo(name).policy,
    setPublicRepositoryPolicy: (name, policy) => {
      publicRepo(name).policy = policyText(policy);
    },

    close: () => close(server, held),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server, held: Set<ServerResponse>): Promise<void> {
  return new Promise((resolve) => {
    for (const res of held) res.destroy();
    held.clear();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
