import { AccountClient, paginateListRegions } from '@aws-sdk/client-account';
import { clientSettings } from '../shared/aws';
import { loadCoreConfig } from '../shared/config';
import { EcrCheckError } from '../shared/errors';

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;

/** Checks region names given by a person (`--regions`); a bad one fails naming it. */
export function parseRegionList(value: string): string[] {
  const regions = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  const bad = regions.filter((region) => !REGION.test(region));
  if (regions.length === 0 || bad.length > 0) {
    throw new EcrCheckError(
      'config-invalid',
      regions.length === 0
        ? 'No regions given: pass region names like --regions eu-west-1,us-east-1.'
        : `Not AWS region names: ${bad.join(', ')} (expected names like eu-west-1).`,
    );
  }
  return [...new Set(regions)];
}

/**
 * The regions to scan: the explicit list, else `ECR_CHECK_REGIONS`, else every region enabled for
 * the account (Account API ListRegions, `ENABLED` and `ENABLED_BY_DEFAULT`; opt-in regions that
 * are not enabled are skipped). Discovery needs `account:ListRegions`; when it is denied the error
 * says so and suggests `--regions`.
 */
export async function resolveRegions(
  explicit: readonly string[] | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  if (explicit && explicit.length > 0) return parseRegionList(explicit.join(','));
  const configured = loadCoreConfig(env).regions;
  if (configured.length > 0) return [...new Set(configured)];
  return discoverRegions(env);
}

async function discoverRegions(env: NodeJS.ProcessEnv): Promise<string[]> {
  const client = new AccountClient(
    clientSettings(env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1', 3),
  );
  try {
    const regions: string[] = [];
    const pages = paginateListRegions(
      { client, pageSize: 50 },
      { RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] },
    );
    for await (const page of pages) {
      for (const region of page.Regions ?? []) {
        if (region.RegionName) regions.push(region.RegionName);
      }
    }
    if (regions.length === 0) throw new Error('ListRegions returned no enabled region');
    return regions.sort();
  } catch (error) {
    const denied = error instanceof Error && error.name === 'AccessDeniedException';
    throw new EcrCheckError(
      denied ? 'aws-access-denied' : 'aws-unavailable',
      `${
        denied
          ? 'Not allowed to list the regions enabled for this account (account:ListRegions was denied).'
          : `Could not list the regions enabled for this account: ${
              error instanceof Error ? `${error.name}: ${error.message}` : String(error)
            }.`
      } Name the regions instead: --regions eu-west-1,us-east-1 (or ECR_CHECK_REGIONS).`,
      { cause: error },
    );
  } finally {
    client.destroy();
  }
}
