import { ApiError } from './protocol';
import { type RegistryState, type StoredRepository, sortedNames } from './state';

/** One page of repositories and the token for the next one. */
export interface RepositoryPage {
  repositories: StoredRepository[];
  nextToken?: string;
}

/**
 * DescribeRepositories as ECR answers it: either the named repositories (all must exist) or a page
 * of at most `maxResults` (1 to 1000, default 100) after an opaque `nextToken`. The token names the
 * last repository returned, so adds and deletes between pages neither repeat nor skip the rest.
 */
export function describePage(
  registry: RegistryState,
  input: Record<string, unknown>,
  notFound: (name: string) => ApiError,
): RepositoryPage {
  const names = input.repositoryNames as string[] | undefined;
  const maxResults = input.maxResults as number | undefined;
  const token = input.nextToken as string | undefined;

  if (names !== undefined) {
    if (maxResults !== undefined || token !== undefined) {
      throw new ApiError(
        'InvalidParameterException',
        'maxResults and nextToken cannot be used together with repositoryNames',
      );
    }
    return {
      repositories: names.map((name) => {
        const repo = registry.repositories.get(name);
        if (!repo) throw notFound(name);
        return repo;
      }),
    };
  }

  const size = maxResults ?? 100;
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new ApiError(
      'InvalidParameterException',
      "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value " +
        "less than or equal to 1000 and greater than or equal to 1'",
    );
  }
  const all = sortedNames(registry);
  const start = token === undefined ? 0 : upperBound(all, decodeToken(token));
  const slice = all.slice(start, start + size);
  const repositories = slice.flatMap((name) => registry.repositories.get(name) ?? []);
  const last = slice[slice.length - 1];
  const more = start + size < all.length && last !== undefined;
  return more ? { repositories, nextToken: encodeToken(last) } : { repositories };
}

function encodeToken(lastName: string): string {
  return Buffer.from(JSON.stringify({ after: lastName }), 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      after?: unknown;
    };
    if (typeof value.after === 'string') return value.after;
  } catch {
    // fall through
  }
  throw new ApiError('InvalidParameterException', 'Invalid parameter at nextToken');
}

/** Index of the first name greater than `name`. */
function upperBound(sorted: string[], name: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) <= name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
