/**
 * `npm run bench:policy`: how many policies per second the engine judges on a realistic mix (the
 * fixture corpus plus generated multi-statement variants), beside two baselines measured in the
 * same run: plain `JSON.parse`, and the naive "does it contain Principal *" check many scanners
 * make. Prints numbers only; nothing here asserts on time.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { analyzePolicy } from '../../src/policy/analyze';
import type { AnalyzeOptions, PolicyKind } from '../../src/policy/types';

interface Case {
  kind: PolicyKind;
  policy: { Statement: unknown };
  options?: Partial<AnalyzeOptions>;
}

const OWNER = '111122223333';
const DURATION_MS = Number(process.env.BENCH_MS ?? 2_000);

function load(file: string): Case[] {
  return JSON.parse(readFileSync(new URL(`../fixtures/policies/${file}`, import.meta.url), 'utf8'));
}

/** Corpus cases, plus variants that join several cases' statements the way real policies grow. */
function workload(): { text: string; options: AnalyzeOptions }[] {
  const cases = [...load('corpus.json'), ...load('extra.json')];
  const items = cases.map((policyCase) => ({
    text: JSON.stringify(policyCase.policy, null, 2),
    options: { kind: policyCase.kind, ownerAccount: OWNER, ...policyCase.options },
  }));

  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  const privateCases = cases.filter((policyCase) => policyCase.kind === 'private');
  for (let variant = 0; variant < 400; variant++) {
    const size = 2 + (next() % 6);
    const statements = Array.from({ length: size }, (_, index) => {
      const source = privateCases[next() % privateCases.length] as Case;
      const list = [source.policy.Statement].flat() as Record<string, unknown>[];
      return { ...list[0], Sid: `Generated${variant}x${index}` };
    });
    items.push({
      text: JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2),
      options: { kind: 'private', ownerAccount: OWNER },
    });
  }
  return items;
}

/** The check many scanners make: a `"Principal": "*"` or `{"AWS": "*"}` anywhere. */
function naiveStarCheck(text: string): boolean {
  return /"Principal"\s*:\s*("\*"|\{\s*"AWS"\s*:\s*("\*"|\[\s*"\*"))/.test(text);
}

function measure(
  label: string,
  items: { text: string; options: AnalyzeOptions }[],
  judge: (item: (typeof items)[number]) => unknown,
) {
  for (const item of items) judge(item); // warm up

  const latencies: number[] = [];
  const started = performance.now();
  let judged = 0;
  while (performance.now() - started < DURATION_MS) {
    for (const item of items) {
      const before = performance.now();
      judge(item);
      latencies.push(performance.now() - before);
      judged++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (share: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] ?? 0;
  return {
    label,
    perSecond: Math.round(judged / seconds),
    p50: at(0.5) * 1000,
    p99: at(0.99) * 1000,
  };
}

const items = workload();
const verdicts = new Map<string, number>();
let naivePublic = 0;
for (const item of items) {
  const verdict = analyzePolicy(item.text, item.options).verdict;
  verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
  if (naiveStarCheck(item.text)) naivePublic++;
}

const rows = [
  measure('ecr-check analyzePolicy (full verdict)', items, (item) =>
    analyzePolicy(item.text, item.options),
  ),
  measure('baseline: naive "Principal *" regex', items, (item) => naiveStarCheck(item.text)),
  measure('baseline: JSON.parse only', items, (item) => JSON.parse(item.text)),
];

const mix = [...verdicts].map(([verdict, count]) => `${verdict} ${count}`).join(', ');
process.stdout.write(`Policy engine benchmark: ${items.length} documents (${mix})\n`);
process.stdout.write(
  `Machine: ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)}; a busy machine mostly stretches p99.\n`,
);
process.stdout.write(
  `The naive check calls ${naivePublic} of them public; the engine calls ${(verdicts.get('public-push') ?? 0) + (verdicts.get('public-pull') ?? 0)} public.\n\n`,
);
process.stdout.write(
  `${'what'.padEnd(42)}${'policies/s'.padStart(12)}${'p50 µs'.padStart(10)}${'p99 µs'.padStart(10)}\n`,
);
for (const row of rows) {
  process.stdout.write(
    `${row.label.padEnd(42)}${row.perSecond.toLocaleString('en-US').padStart(12)}${row.p50.toFixed(1).padStart(10)}${row.p99.toFixed(1).padStart(10)}\n`,
  );
}
