import { Approvers } from '../../slack/approvers';
import { openServices } from '../../slack/bootstrap';
import { loadSlackConfig } from '../../slack/config';
import { runDigest } from '../../slack/digest';
import { createWebClient } from '../../slack/webClient';
import type { RegisterCommand } from '../main';
import { slackFailure } from './failures';
import { LOCAL_STORE_NOTE } from './store';

/**
 * `ecr-check digest`: scans, records and posts the daily digest to SLACK_CHANNEL_ID once. It asks
 * Slack who it is (`auth.test`) before scanning, so a wrong token or an unreachable
 * `SLACK_API_URL` fails in seconds instead of after a whole scan.
 */
export const registerDigest: RegisterCommand = (program) => {
  program
    .command('digest')
    .description('Scan, record, and post the daily digest to the Slack channel once.')
    .addHelpText(
      'after',
      '\nExit status: 0 posted; 2 could not run (configuration, AWS, store or Slack).\n\n' +
        LOCAL_STORE_NOTE,
    )
    .action(async () => {
      const config = loadSlackConfig();
      const client = createWebClient(config.botToken, config.apiUrl);
      await client.auth.test().catch((error: unknown) => {
        throw slackFailure(error, 'reach Slack before scanning', config.apiUrl);
      });
      const approvers = new Approvers(config.core.approvers, client);
      const services = await openServices(config.core, (user) => approvers.isApprover(user));
      const outcome = await runDigest({ services, client, channelId: config.channelId }).catch(
        (error: unknown) => {
          throw slackFailure(error, 'post the digest', config.apiUrl);
        },
      );
      process.stdout.write(
        `ecr-check: digest posted: ${outcome.findings} finding(s), ${outcome.cards} card(s)` +
          `${outcome.fileAttached ? ', full list attached' : ''}\n`,
      );
    });
};
