import type { JobContext } from './jobs';
import { once } from './lambdaRuntime';

/**
 * The job context of the worker and digest functions, built once per cold start: secrets, the
 * bounded Web API client, approvers, and the store.
 */
export const lambdaJobContext = once(async (): Promise<JobContext> => {
  const [{ loadLambdaSlackConfig }, { createWebClient }, { Approvers }, { openServices }] =
    await Promise.all([
      import('./lambdaRuntime'),
      import('./webClient'),
      import('./approvers'),
      import('./bootstrap'),
    ]);
  const config = await loadLambdaSlackConfig();
  const client = createWebClient(config.botToken, config.apiUrl);
  const approvers = new Approvers(config.core.approvers, client);
  const services = await openServices(config.core, (user) => approvers.isApprover(user));
  return { services, client, channelId: config.channelId };
});
