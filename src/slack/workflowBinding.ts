import type { RemediationWorkflow } from '../remediation/workflow';
import type { CoreConfig } from '../shared/config';
import type { Store } from '../store';
import type { WorkflowPort } from './services';

/**
 * Binds the remediation workflow (real ECR through the SDK) for the Slack app. The workflow and
 * its ECR clients are imported by the first click that needs them, so a cold start that answers
 * a slash command never evaluates them.
 */
export function workflowFor(
  store: Store,
  core: CoreConfig,
  isApprover: (userId: string) => Promise<boolean>,
): WorkflowPort {
  let loading: Promise<RemediationWorkflow> | undefined;
  const workflow = () => {
    loading ??= (async () => {
      const [{ createWorkflow }, { awsLivePolicy }] = await Promise.all([
        import('../remediation/workflow'),
        import('../remediation/live-policy'),
      ]);
      return createWorkflow({
        store,
        livePolicy: awsLivePolicy(),
        isApprover,
        engine: {
          ...(core.accountId ? { ownerAccount: core.accountId } : {}),
          trustedAccounts: core.trustedAccounts,
          ...(core.trustedOrg ? { trustedOrg: core.trustedOrg } : {}),
        },
      });
    })().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return {
    requestRemediation: async (findingId, mode, actor) =>
      (await workflow()).requestRemediation({ findingId, mode, actor }),
    approve: async (requestId, actor) => (await workflow()).approve({ requestId, actor }),
    applyApproved: async (requestId) => (await workflow()).applyApproved({ requestId }),
    reconcileStopped: async () => (await workflow()).reconcileStopped(),
    reject: async (requestId, actor) => (await workflow()).reject({ requestId, actor }),
    revert: async (requestId, actor) => (await workflow()).revert({ requestId, actor }),
    acceptRisk: async (findingId, actor, reason, expiresAt) =>
      (await workflow()).acceptRisk({ findingId, actor, reason, expiresAt }),
  };
}
