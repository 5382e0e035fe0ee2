import { AccountClient, paginateListRegions } from '@aws-sdk/client-account';
import { loadCoreConfig } from '../shared/config';
import { EcrCheckError, type ErrorCode } from '../shared/errors';
import { classifyAwsFailure, endpointInWords, setupClientSettings } from '../shared/identity';

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
 * are not enabled are skipped). Discovery needs `account:ListRegions` and uses the bounded
 * timeouts of `setupClientSettings`; when it is denied or unreachable the error says so and
 * suggests `--regions`, when credentials are missing or rejected it says that instead.
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
    setupClientSettings(env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1', env),
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
    throw listRegionsFailure(error, env);
  } finally {
    client.destroy();
  }
}

const NAME_THEM = 'Name the regions instead: --regions eu-west-1,us-east-1 (or ECR_CHECK_REGIONS).';

/** Says why region discovery failed; naming the regions is offered only where it helps. */
function listRegionsFailure(error: unknown, env: NodeJS.ProcessEnv): EcrCheckError {
  const { kind, detail } = classifyAwsFailure(error);
  const fail = (code: ErrorCode, message: string) =>
    new EcrCheckError(code, message, { cause: error });
  switch (kind) {
    case 'no-credentials':
      return fail(
        'config-invalid',
        `Could not list the regions enabled for this account: no AWS credentials found (${detail}). ` +
          'Configure credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or ' +
          '`aws sso login`); the scan needs them for every region.',
      );
    case 'bad-credentials':
      return fail(
        'aws-access-denied',
        `Could not list the regions enabled for this account: the AWS credentials were rejected ` +
          `(${detail}). Check or refresh them.`,
      );
    case 'denied':
      return fail(
        'aws-access-denied',
        `Not allowed to list the regions enabled for this account (account:ListRegions was ` +
          `denied: ${detail}). ${NAME_THEM}`,
      );
    case 'unreachable':
      return fail(
        'aws-unavailable',
        `Could not list the regions enabled for this account: the Account API at ` +
          `${endpointInWords('ACCOUNT', env)} could not be reached or did not answer (${detail}). ` +
          NAME_THEM,
      );
    default:
      return fail(
        'aws-unavailable',
        `Could not list the regions enabled for this account (${detail}). ${NAME_THEM}`,
      );
  }
}
