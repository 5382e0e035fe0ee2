import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readDeployConfig } from '../../infra/config';
import { cdkContext } from './synth';

function configWith(overrides: Record<string, unknown>) {
  return readDeployConfig(new App({ context: cdkContext(overrides) }).node);
}

describe('deployment settings from CDK context', () => {
  it("default to cdk.json's documented values", () => {
    const config = configWith({});

    expect(config).toMatchObject({
      channel: '',
      digestHour: 9,
      digestMinute: 0,
      digestTimeZone: 'Etc/UTC',
      regions: [],
      approvers: [],
      trustedAccounts: [],
      trustedOrg: undefined,
      slackSigningSecretName: 'ecr-check/slack-signing-secret',
      slackBotTokenSecretName: 'ecr-check/slack-bot-token',
      logLevel: 'INFO',
      logRetentionDays: 90,
      edgeProvisionedConcurrency: 0,
      alarmTopicArn: undefined,
    });
  });

  it('take comma-separated lists from the command line and arrays from cdk.json', () => {
    const fromCli = configWith({ regions: 'eu-west-1, us-east-1', approvers: 'U0AAA,S0BBB' });
    const fromJson = configWith({
      regions: ['eu-west-1', 'us-east-1'],
      approvers: ['U0AAA', 'S0BBB'],
    });

    expect(fromCli.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(fromCli.approvers).toEqual(['U0AAA', 'S0BBB']);
    expect(fromJson).toEqual(fromCli);
  });

  it('read numbers given as text by `-c key=value`', () => {
    const config = configWith({ logRetentionDays: '30', edgeProvisionedConcurrency: '1' });

    expect(config.logRetentionDays).toBe(30);
    expect(config.edgeProvisionedConcurrency).toBe(1);
  });

  it('name every bad value at once, before anything is built', () => {
    const attempt = () =>
      configWith({
        channel: '#security',
        digestTime: '25:00',
        digestTimeZone: 'Mars/Olympus_Mons',
        logLevel: 'LOUD',
      });

    expect(attempt).toThrow(/channel/);
    expect(attempt).toThrow(/digestTime must be a 24-hour time/);
    expect(attempt).toThrow(/digestTimeZone must be an IANA time zone/);
    expect(attempt).toThrow(/logLevel/);
  });

  it('check the shared settings by the rules the functions apply at start, named by context key', () => {
    expect(() => configWith({ regions: 'eu-west-1,narnia-1' })).toThrow(
      /regions "narnia-1" is not an AWS region name/,
    );
    expect(() => configWith({ approvers: 'alice' })).toThrow(/approvers "alice" must be Slack/);
    expect(() => configWith({ trustedAccounts: '1234' })).toThrow(/trustedAccounts "1234"/);
    expect(() => configWith({ trustedOrg: 'acme' })).toThrow(/trustedOrg "acme"/);
    expect(() => configWith({ regions: 'narnia-1' })).not.toThrow(/ECR_CHECK_/);
  });

  it('name bad shared and deployment settings together in one error, without a stack trace', () => {
    let error: unknown;
    try {
      configWith({ digestTime: '25:00', regions: 'narnia-1', approvers: 'alice' });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(Error);
    const { message, stack } = error as Error;
    expect(message).toMatch(/digestTime must be a 24-hour time/);
    expect(message).toMatch(/regions "narnia-1"/);
    expect(message).toMatch(/approvers "alice"/);
    expect(stack).not.toMatch(/\n\s+at /);
  });

  it('take the log level in any case', () => {
    expect(configWith({ logLevel: 'debug' }).logLevel).toBe('DEBUG');
  });
});
