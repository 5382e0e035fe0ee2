import type { CoreConfig } from '../shared/config';
import type { SlackServices } from './ports';

/**
 * Opens the store (DYNAMODB_TABLE, or the embedded DynamoDB Local when unset) and binds the
 * scanner, the engine and the remediation workflow for the Slack app. `isApprover` is the app's
 * approver check, handed to the workflow so both decide alike.
 */
export async function openServices(
  core: CoreConfig,
  isApprover: (userId: string) => Promise<boolean>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SlackServices> {
  const [{ openStore }, { createServices }, { workflowFor }] = await Promise.all([
    import('../store'),
    import('./services'),
    import('./workflowBinding'),
  ]);
  const store = await openStore(core);
  return createServices({ store, core, env, workflow: workflowFor(store, core, isApprover) });
}
