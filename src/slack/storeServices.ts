import type { ScanResult } from '../scan/types';
import type { CoreConfig } from '../shared/config';
import type { SlackServices } from './ports';

/**
 * Opens the store (DYNAMODB_TABLE, or the embedded DynamoDB Local when unset) and binds the given
 * scanner, the engine and the remediation workflow for the Slack app. `isApprover` is the app's
 * approver check, handed to the workflow so both decide alike. The edge function calls this
 * directly with a scanner that refuses (scans run on the worker), so its bundle carries no
 * scanner; everything else goes through `openServices` in `bootstrap.ts`.
 */
export async function openStoreServices(
  core: CoreConfig,
  isApprover: (userId: string) => Promise<boolean>,
  parts: { scan: (regions: string[]) => Promise<ScanResult>; env?: NodeJS.ProcessEnv },
): Promise<SlackServices> {
  const [{ openStore }, { createServices }, { workflowFor }] = await Promise.all([
    import('../store'),
    import('./services'),
    import('./workflowBinding'),
  ]);
  const store = await openStore(core);
  return createServices({
    store,
    core,
    env: parts.env ?? process.env,
    scan: parts.scan,
    workflow: workflowFor(store, core, isApprover),
  });
}
