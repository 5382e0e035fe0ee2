import type { CoreConfig } from '../shared/config';
import type { SlackServices } from './ports';
import { openStoreServices } from './storeServices';

/**
 * Opens the store and binds the scanner (`scanAccount`, imported when first used), the engine and
 * the remediation workflow for the Slack app: local `serve`, the CLI digest, the worker and the
 * digest functions. `isApprover` is the app's approver check, handed to the workflow so both
 * decide alike.
 */
export async function openServices(
  core: CoreConfig,
  isApprover: (userId: string) => Promise<boolean>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SlackServices> {
  const scan = async (regions: string[]) => {
    const { scanAccount } = await import('../scan/scanner');
    return scanAccount({ env, ...(regions.length ? { regions } : {}) });
  };
  return openStoreServices(core, isApprover, { scan, env });
}
