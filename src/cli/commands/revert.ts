import { userInfo } from 'node:os';
import { awsLivePolicy } from '../../remediation/live-policy';
import { RemediationWorkflow } from '../../remediation/workflow';
import { loadCoreConfig } from '../../shared/config';
import { EcrCheckError } from '../../shared/errors';
import { openStore } from '../../store/open';
import type { Actor, Backup, RemediationRequest, RequestState } from '../../store/types';
import type { RegisterCommand } from '../main';
import { LOCAL_STORE_NOTE } from './store';

/** Request ids are UUIDs; anything far from that shape is refused before the store is asked. */
const REQUEST_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Why a request in this state has nothing to revert. */
const NOTHING_TO_REVERT: Partial<Record<RequestState, string>> = {
  requested: 'it was never approved, so no policy was changed',
  approved: 'it was approved but never applied, so no policy was changed',
  applying:
    'it is being applied (or stopped while applying; the next digest settles it from the live policy)',
  rejected: 'it was rejected, so no policy was changed',
  failed: 'applying it failed, so ecr-check left the policy as it was',
  reverted: 'it has already been reverted',
};

/**
 * `ecr-check revert REQUEST_ID --yes`: break-glass revert for when Slack is down. Without `--yes`
 * it explains what it would do and changes nothing. It runs under the local identity
 * (`cli:<user>`), which is audited; it is not checked against `ECR_CHECK_APPROVERS` (Slack ids):
 * whoever runs it already holds AWS credentials that could change the policy directly. The same
 * safety checks as in Slack apply: the live policy must still be what ecr-check wrote.
 * Exit status: 0 reverted, 1 nothing changed (a dry run, or nothing to revert), 2 could not run
 * (no such request, store or AWS unreachable, revert refused).
 */
export const registerRevert: RegisterCommand = (program, setExitCode) => {
  program
    .command('revert')
    .description('Put back the exact policy a remediation replaced (break-glass, without Slack).')
    .argument('<request-id>', 'remediation request id (see `ecr-check history`)')
    .option('--yes', 'really revert')
    .addHelpText(
      'after',
      '\nExit status: 0 reverted; 1 nothing changed (run without --yes, or the request has ' +
        'nothing to revert);\n2 could not run (unknown request, store or AWS unreachable, ' +
        `revert refused).\n\n${LOCAL_STORE_NOTE}`,
    )
    .action(async (requestId: string, options: { yes?: boolean }) => {
      if (!REQUEST_ID.test(requestId)) {
        throw new EcrCheckError(
          'config-invalid',
          `${JSON.stringify(shorten(requestId))} is not a request id (ids look like ` +
            '3f2c9a4e-…; see `ecr-check history REPOSITORY`).',
        );
      }
      const config = loadCoreConfig();
      const store = await openStore(config);
      const request = await store.getRequest(requestId);
      if (!request) {
        process.stderr.write(`ecr-check: no remediation request ${requestId}.\n`);
        setExitCode(2);
        return;
      }
      const where = `${request.target.repository} (${request.target.region})`;
      const nothing = NOTHING_TO_REVERT[request.state];
      if (nothing) {
        process.stdout.write(
          `Request ${requestId} on ${where} is ${request.state}: ${nothing}. ` +
            'There is nothing to revert; nothing was changed.\n',
        );
        setExitCode(request.state === 'reverted' && options.yes ? 0 : 1);
        return;
      }
      if (!options.yes) {
        const backup = await store.getBackup(requestId);
        process.stdout.write(dryRun(request, where, backup));
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

/** What `revert` without `--yes` says for a request that can be reverted. */
function dryRun(request: RemediationRequest, where: string, backup: Backup | null): string {
  const putBack =
    backup === null
      ? 'nothing: no backup of this request was found, so ecr-check would refuse to revert it'
      : backup.priorText === null
        ? 'no policy (delete the current one, as there was none before the change)'
        : `the exact policy text from before the change (sha256 ${backup.priorHash})`;
  return (
    `Request ${request.id} on ${where} is ${request.state}.\n` +
    `Reverting would put back ${putBack}, only if the live policy is still what ecr-check wrote.\n` +
    'Nothing was changed. Run again with --yes to revert.\n'
  );
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}… (${text.length} characters)` : text;
}
