import { Approvers } from '../../slack/approvers';
import { openServices } from '../../slack/bootstrap';
import { loadSlackConfig } from '../../slack/config';
import { runDigest } from '../../slack/digest';
import { createWebClient } from '../../slack/webClient';
import type { RegisterCommand } from '../main';

/** `ecr-check digest`: scans, records and posts the daily digest to SLACK_CHANNEL_ID once. */
export const registerDigest: RegisterCommand = (program) => {
  program
    .command('digest')
    .description('Scan, record, and post the daily digest to the Slack channel once.')
    .action(async () => {
      const config = loadSlackConfig();
      const client = createWebClient(config.botToken, config.apiUrl);
      const approvers = new Approvers(config.core.approvers, client);
      const services = await openServices(config.core, (user) => approvers.isApprover(user));
      const outcome = await runDigest({ services, client, channelId: config.channelId });
      process.stdout.write(
        `ecr-check: digest posted: ${outcome.findings} finding(s), ${outcome.cards} card(s)` +
          `${outcome.fileAttached ? ', full list attached' : ''}\n`,
      );
    });
};
