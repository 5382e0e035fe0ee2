import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { type EcrEmulator, startEcrEmulator } from '../../src/local/ecr-emulator';
import { type SlackStandin, startSlackStandin } from '../../src/local/slack-standin';
import {
  buttonClickPayload,
  findButton,
  type Signing,
  sendInteraction,
  sendSlashCommand,
} from '../../src/local/slack-standin/requests';
import { loadSlackConfig } from '../../src/slack/config';
import { type SlackServer, startSlackServer } from '../../src/slack/server';
import { createServices } from '../../src/slack/services';
import { workflowFor } from '../../src/slack/workflowBinding';
import { openStoreAt, type Store } from '../../src/store';
import { useEmulatorEnv } from '../local/ecr-emulator/sdk-env';

export const SECRET = 'test-signing-secret-0123456789';
export const CHANNEL = 'C0ECRCHECK';
export const ALICE = 'UALICE001';
export const BOB = 'UBOB00001';
export const MALLORY = 'UMALLORY1';
export const ACCOUNT = '111122223333';
/** A partner account the configuration trusts, so its statement is not a finding. */
export const PARTNER = '444455556666';

/** The policy of `team/app`: one statement open to everyone, one for the trusted partner. */
export const APP_POLICY = `{
  "Version" : "2012-10-17",
  "Statement" : [ {
    "Sid" : "EveryonePull",
    "Effect" : "Allow",
    "Principal" : "*",
    "Action" : [ "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer" ]
  }, {
    "Sid" : "PartnerPull",
    "Effect" : "Allow",
    "Principal" : { "AWS" : "arn:aws:iam::444455556666:root" },
    "Action" : [ "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer" ]
  } ]
}`;

/** The whole loop on real parts: emulator, DynamoDB Local, the stand-in and the Bolt app. */
export interface Harness {
  emulator: EcrEmulator;
  slack: SlackStandin;
  app: SlackServer;
  store: Store;
  close(): Promise<void>;
  command(user: string, text: string, signing?: Signing): ReturnType<typeof sendSlashCommand>;
  click(
    user: string,
    message: { ts: string; threadTs?: string; text: string; blocks: unknown[] },
    buttonText: string,
    signing?: Signing,
  ): ReturnType<typeof sendInteraction>;
}

/**
 * Starts everything on 127.0.0.1 with free ports and a fresh table. `team/app` in eu-west-1 has
 * `policy` (APP_POLICY unless given).
 */
export async function startHarness(options: { policy?: string } = {}): Promise<Harness> {
  const emulator = await startEcrEmulator({
    estate: {
      accountId: ACCOUNT,
      regions: {
        'eu-west-1': { repositories: [{ name: 'team/app', policy: options.policy ?? APP_POLICY }] },
      },
    },
  });
  const restoreEnv = useEmulatorEnv(emulator, {
    ECR_CHECK_REGIONS: 'eu-west-1',
    ECR_CHECK_ACCOUNT_ID: ACCOUNT,
    ECR_CHECK_TRUSTED_ACCOUNTS: PARTNER,
  });
  const slack = await startSlackStandin({ userGroups: { S0APPROVERS: [BOB] } });
  const config = loadSlackConfig({
    ...process.env,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_CHANNEL_ID: CHANNEL,
    SLACK_API_URL: slack.apiUrl,
    ECR_CHECK_APPROVERS: `${ALICE},S0APPROVERS`,
  });
  const store = await openStoreAt(inject('dynamodbEndpoint'), `slack-${randomUUID()}`);
  let isApprover: (user: string) => Promise<boolean> = async () => false;
  const services = createServices({
    store,
    core: config.core,
    workflow: workflowFor(store, config.core, (user) => isApprover(user)),
    scan: async (regions) => {
      const { scanAccount } = await import('../../src/scan/scanner');
      return scanAccount({ includePublic: false, ...(regions.length ? { regions } : {}) });
    },
  });
  const app = await startSlackServer({ config, services, port: 0 });
  isApprover = (user) => app.runtime.approvers.isApprover(user);
  const signed = { secret: SECRET };

  return {
    emulator,
    slack,
    app,
    store,
    async close() {
      await app.stop();
      await slack.close();
      await emulator.close();
      restoreEnv();
    },
    command: (user, text, signing = signed) =>
      sendSlashCommand(app.url, signing, {
        text,
        userId: user,
        teamId: slack.teamId,
        channelId: CHANNEL,
        responseUrl: slack.responseUrl(),
      }),
    click(user, message, buttonText, signing = signed) {
      const button = findButton(message as { blocks: unknown[] }, buttonText);
      if (!button) throw new Error(`no ${buttonText} button on the message`);
      return sendInteraction(
        app.url,
        signing,
        buttonClickPayload({
          ...button,
          userId: user,
          teamId: slack.teamId,
          channelId: CHANNEL,
          message: message as never,
          responseUrl: slack.responseUrl(),
        }),
      );
    },
  };
}
