import { WebClient } from '@slack/web-api';

/** Most seconds we wait for one `Retry-After`; longer waits fail the call instead of the Lambda. */
export const MAX_RETRY_AFTER_SECONDS = 10;
const RATE_LIMIT_RETRIES = 2;

/**
 * A fetch that honours Slack's `Retry-After` a few times when the wait is short, and otherwise
 * hands the 429 back so the WebClient (with `rejectRateLimitedCalls`) fails fast with a
 * rate-limited error. This bounds every Web API call instead of letting a long rate limit stall
 * a Lambda until it times out.
 */
export function boundedFetch(
  maxWaitSeconds = MAX_RETRY_AFTER_SECONDS,
  retries = RATE_LIMIT_RETRIES,
): typeof fetch {
  return async (input, init) => {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(input, init);
      if (response.status !== 429 || attempt >= retries) return response;
      const wait = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
      if (!Number.isFinite(wait) || wait < 0 || wait > maxWaitSeconds) return response;
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
  };
}

/** The bounded Web API client: a few quick retries on network errors, short rate-limit waits. */
export function createWebClient(token: string, apiUrl: string): WebClient {
  return new WebClient(token, {
    slackApiUrl: apiUrl,
    timeout: 10_000,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000, maxRetryTime: 8000 },
    fetch: boundedFetch(),
  });
}
