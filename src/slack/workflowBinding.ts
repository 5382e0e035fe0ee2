import type { CoreConfig } from '../shared/config';
import { EcrCheckError } from '../shared/errors';
import type { Store } from '../store';
import type { WorkflowPort } from './services';

/**
 * Binds the remediation workflow for the Slack app. Known shortcoming: until
 * `src/remediation/workflow.ts` lands, every workflow call is refused with a clear message (the
 * digest, scans and lookups work; buttons answer that remediation is unavailable).
 */
export function workflowFor(
  _store: Store,
  _core: CoreConfig,
  _isApprover: (userId: string) => Promise<boolean>,
): WorkflowPort {
  const unavailable = async (): Promise<never> => {
    throw new EcrCheckError('internal', 'Remediation is not available in this build yet.');
  };
  return {
    requestRemediation: unavailable,
    approve: unavailable,
    applyApproved: unavailable,
    reject: unavailable,
    revert: unavailable,
    acceptRisk: unavailable,
  };
}
