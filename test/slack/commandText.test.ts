import { describe, expect, it } from 'vitest';
import { parseSlashText } from '../../src/slack/commandText';

describe('/ecr-check arguments', () => {
  it('shows usage for help, nothing, and unknown input', () => {
    expect(parseSlashText('')).toEqual({ kind: 'help' });
    expect(parseSlashText('  HELP ')).toEqual({ kind: 'help' });
    expect(parseSlashText('frobnicate now')).toEqual({ kind: 'help', unknown: 'frobnicate' });
    expect(parseSlashText('🙂')).toMatchObject({ kind: 'help' });
  });

  it('reads scan regions, separated by spaces or commas, without duplicates', () => {
    expect(parseSlashText('scan')).toEqual({ kind: 'scan', regions: [] });
    expect(parseSlashText('scan eu-west-1,us-east-1 eu-west-1')).toEqual({
      kind: 'scan',
      regions: ['eu-west-1', 'us-east-1'],
    });
    const bad = parseSlashText('scan mars-north-1x');
    expect(bad).toMatchObject({ kind: 'invalid' });
    expect(bad.kind === 'invalid' && bad.message).toContain('not an AWS region');
  });

  it('reads repo NAME [region], accepting quotes and refusing odd names clearly', () => {
    expect(parseSlashText('repo "team/app" eu-west-1')).toEqual({
      kind: 'repo',
      repository: 'team/app',
      region: 'eu-west-1',
    });
    expect(parseSlashText('repo “team/app”')).toEqual({
      kind: 'repo',
      repository: 'team/app',
      region: undefined,
    });
    const unicode = parseSlashText('repo Ünïcødé');
    expect(unicode.kind === 'invalid' && unicode.message).toContain('lowercase letters');
    expect(parseSlashText('repo')).toMatchObject({ kind: 'invalid' });
    expect(parseSlashText('repo a b c')).toMatchObject({ kind: 'invalid' });
    const huge = parseSlashText(`repo ${'a'.repeat(300)}`);
    expect(huge.kind === 'invalid' && huge.message).toContain('at most 256');
  });

  it('refuses very long input without echoing it back', () => {
    const result = parseSlashText(`history ${'x'.repeat(10_000)}`);
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.message.length).toBeLessThan(200);
  });

  it('reads history and exceptions', () => {
    expect(parseSlashText('history team/app')).toEqual({
      kind: 'history',
      repository: 'team/app',
    });
    expect(parseSlashText('exceptions')).toEqual({ kind: 'exceptions' });
  });
});
