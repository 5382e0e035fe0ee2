import { awsLivePolicy } from '../remediation/live-policy';
import { createWorkflow } from '../remediation/workflow';
import type { CoreConfig } from '../shared/config';
import type { Store } from '../store';
import type { WorkflowPort } from './services';

/** Binds the remediation workflow (real ECR through the SDK) for the Slack app. */
export function workflowFor(
  store: Store,
  core: CoreConfig,
  isApprover: (userId: string) => Promise<boolean>,
): WorkflowPort {
  const workflow = createWorkflow({
    store,
    livePolicy: awsLivePolicy(),
    isApprover,
    engine: {
      ...(core.accountId ? { ownerAccount: core.accountId } : {}),
      trustedAccounts: core.trustedAccounts,
      ...(core.trustedOrg ? { trustedOrg: core.trustedOrg } : {}),
    },
  });
  return {
    requestRemediation: (findingId, mode, actor) =>
      workflow.requestRemediation({ findingId, mode, actor }),
    approve: (requestId, actor) => workflow.approve({ requestId, actor }),
    applyApproved: (requestId) => workflow.applyApproved({ requestId }),
    reject: (requestId, actor) => workflow.reject({ requestId, actor }),
    revert: (requestId, actor) => workflow.revert({ requestId, actor }),
    acceptRisk: (findingId, actor, reason, expiresAt) =>
      workflow.acceptRisk({ findingId, actor, reason, expiresAt }),
  };
}
