import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEstate } from '../../src/local/ecr-emulator';

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

const estate = parseEstate(read('../../src/local/demo/estate.json'));
const fixtures: { id: string; policy: unknown }[] = read('../fixtures/real-world/policies.json');

/** Every policy the demo estate holds, parsed, with where it sits. */
function estatePolicies(): { where: string; policy: unknown }[] {
  const found: { where: string; policy: unknown }[] = [];
  const add = (where: string, policy: unknown) => {
    if (policy === undefined || policy === null) return;
    found.push({ where, policy: typeof policy === 'string' ? JSON.parse(policy) : policy });
  };
  for (const [region, registry] of Object.entries(estate.regions)) {
    for (const repository of registry.repositories)
      add(`${region}/${repository.name}`, repository.policy);
    add(`${region} registry`, registry.registryPolicy);
  }
  for (const repository of estate.publicRepositories)
    add(`public/${repository.name}`, repository.policy);
  return found;
}

describe('demo estate', () => {
  it('is a valid estate of a few regions and a few dozen repositories', () => {
    expect(Object.keys(estate.regions).length).toBeGreaterThanOrEqual(3);
    const repositories = Object.values(estate.regions).flatMap((r) => r.repositories);
    expect(repositories.length).toBeGreaterThanOrEqual(24);
    expect(estate.publicRepositories.length).toBeGreaterThan(0);
    const registryPolicies = Object.values(estate.regions).filter((r) => r.registryPolicy);
    expect(registryPolicies).toHaveLength(1);
  });

  it('holds only real-world policies from the fixtures', () => {
    for (const { where, policy } of estatePolicies()) {
      const match = fixtures.find(
        (fixture) => JSON.stringify(fixture.policy) === JSON.stringify(policy),
      );
      expect(match, `${where} is not one of test/fixtures/real-world/policies.json`).toBeDefined();
    }
  });
});
