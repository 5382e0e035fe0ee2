import { EcrCheckError } from '../../shared/errors';
import { Approvers } from '../../slack/approvers';
import { openServices } from '../../slack/bootstrap';
import { loadSlackConfig } from '../../slack/config';
import { startSlackServer } from '../../slack/server';
import { createWebClient } from '../../slack/webClient';
import type { RegisterCommand } from '../main';
import { listenFailure, slackFailure } from './failures';
import { LOCAL_STORE_NOTE } from './store';

/**
 * `ecr-check serve`: runs the Slack app over HTTP at `/slack/events` on `PORT` (default 3000),
 * bound to 127.0.0.1 unless `--host` says otherwise, until interrupted. A port in use or a host
 * that is not this machine's fails with exit status 2 and says which.
 */
export const registerServe: RegisterCommand = (program) => {
  program
    .command('serve')
    .description('Run the Slack app locally (slash commands and buttons) at /slack/events.')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addHelpText(
      'after',
      '\nListens on PORT (default 3000). Exit status: 0 stopped by Ctrl-C; 2 could not start.\n\n' +
        LOCAL_STORE_NOTE,
    )
    .action(async (options: { host: string }) => {
      const config = loadSlackConfig();
      const port = Number(process.env.PORT ?? 3000);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new EcrCheckError(
          'config-invalid',
          `PORT must be a port number, not ${process.env.PORT}.`,
        );
      }
      const client = createWebClient(config.botToken, config.apiUrl);
      const approvers = new Approvers(config.core.approvers, client);
      const services = await openServices(config.core, (user) => approvers.isApprover(user));
      const server = await startSlackServer({ config, services, port, host: options.host }).catch(
        (error: unknown) => {
          throw slackFailure(listenFailure(error, options.host, port), 'start', config.apiUrl);
        },
      );
      process.stdout.write(`ecr-check: Slack app listening at ${server.url}\n`);

      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.stop();
    });
};
