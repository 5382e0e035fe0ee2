import { userInfo } from 'node:os';
import { awsLivePolicy } from '../../remediation/live-policy';
import { RemediationWorkflow } from '../../remediation/workflow';
import { loadCoreConfig } from '../../shared/config';
import { openStore } from '../../store/open';
import type { Actor } from '../../store/types';
import type { RegisterCommand } from '../main';

/**
 * `ecr-check revert REQUEST_ID --yes`: break-glass revert for when Slack is down. Without `--yes`
 * it explains what it would do and changes nothing. It runs under the local identity
 * (`cli:<user>`), which is audited; it is not checked against `ECR_CHECK_APPROVERS` (Slack ids):
 * whoever runs it already holds AWS credentials that could change the policy directly. The same
 * safety checks as in Slack apply: the live policy must still be what ecr-check wrote.
 */
export const registerRevert: RegisterCommand = (program, setExitCode) => {
  program
    .command('revert')
    .description('Put back the exact policy a remediation replaced (break-glass, without Slack).')
    .argument('<request-id>', 'remediation request id (see `ecr-check history`)')
    .option('--yes', 'really revert')
    .action(async (requestId: string, options: { yes?: boolean }) => {
      const config = loadCoreConfig();
      const store = await openStore(config);
      const request = await store.getRequest(requestId);
      if (!request) {
        process.stderr.write(`ecr-check: no remediation request ${requestId}.\n`);
        setExitCode(2);
        return;
      }
      const backup = await store.getBackup(requestId);
      const where = `${request.target.repository} (${request.target.region})`;
      if (!options.yes) {
        process.stdout.write(
          `Request ${requestId} on ${where} is ${request.state}.\n` +
            `Reverting would put back ${backup?.priorText === null ? 'no policy (delete the current one)' : 'the exact policy text from before the change'}, ` +
            'only if the live policy is still what ecr-check wrote.\n' +
            'Nothing was changed. Run again with --yes to revert.\n',
        );
        setExitCode(1);
        return;
      }

      const actor: Actor = { id: `cli:${userInfo().username}`, via: 'cli' };
      const workflow = new RemediationWorkflow({
        store,
        livePolicy: awsLivePolicy(),
        isApprover: async (id) => id === actor.id,
        engine: {
          ownerAccount: config.accountId,
          trustedAccounts: config.trustedAccounts,
          trustedOrg: config.trustedOrg,
        },
      });
      const result = await workflow.revert({ requestId, actor });
      process.stdout.write(`Request ${requestId} on ${where} is now ${result.state}.\n`);
      setExitCode(result.state === 'reverted' ? 0 : 1);
    });
};
