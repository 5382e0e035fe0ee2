import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallCounters } from './counters';
import { handleEcr } from './ecr';
import { ECR_PUBLIC_API_REGION, handleEcrPublic } from './ecr-public';
import {
  ApiError,
  parseJsonBody,
  readBody,
  type SignedScope,
  sendJson,
  sendJsonError,
  sendXml,
  signedScope,
} from './protocol';
import type { EmulatorState } from './state';
import { getCallerIdentityXml, listRegions, queryErrorXml } from './sts-account';
import type { TokenBuckets } from './throttle';

/** How a region misbehaves: denied, unknown credentials, or never answering. */
export type RegionFailure = 'access-denied' | 'unrecognized-client' | 'timeout';

/** The emulator's behaviour settings; tests may change them while it runs. */
export interface BehaviourSettings {
  /** Delay before each answer: a fixed number of milliseconds or a [min, max] range. */
  latencyMs: number | [number, number];
  /** Regions (private ECR, and ECR Public through us-east-1) that fail every call. */
  failRegions: Record<string, RegionFailure>;
  /** Make Account ListRegions answer AccessDeniedException (discovery not allowed). */
  denyListRegions: boolean;
}

/** Everything a request handler needs. */
export interface ServerContext {
  state: EmulatorState;
  settings: BehaviourSettings;
  buckets: TokenBuckets;
  counters: CallCounters;
  /** Requests held unanswered (`timeout` regions); destroyed when the emulator closes. */
  held: Set<ServerResponse>;
}

const ECR_TARGET = 'AmazonEC2ContainerRegistry_V20150921.';
const ECR_PUBLIC_TARGET = 'SpencerFrontendService.';

/** Routes a request to ECR, ECR Public, STS or the Account API by its target, path or action. */
export function createRequestHandler(ctx: ServerContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(ctx, req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendJsonError(res, new ApiError('InternalFailure', String(error), 500));
      }
    });
  };
}

async function handle(ctx: ServerContext, req: IncomingMessage, res: ServerResponse) {
  const body = await readBody(req);
  const scope = signedScope(req);
  const target = String(req.headers['x-amz-target'] ?? '');

  if (target.startsWith(ECR_TARGET) || target.startsWith(ECR_PUBLIC_TARGET)) {
    const isPublic = target.startsWith(ECR_PUBLIC_TARGET);
    const service = isPublic ? 'ecr-public' : 'ecr';
    const op = target.slice(target.indexOf('.') + 1);
    await answerJson(ctx, res, scope, service, op, () => {
      const input = parseJsonBody(body);
      const region = (scope as SignedScope).region;
      return isPublic
        ? handleEcrPublic(ctx.state, region, op, input)
        : handleEcr(ctx.state, region, op, input);
    });
    return;
  }

  if (req.method === 'POST' && req.url?.split('?')[0] === '/listRegions') {
    await answerJson(
      ctx,
      res,
      scope,
      'account',
      'ListRegions',
      () => {
        if (ctx.settings.denyListRegions) {
          throw new ApiError(
            'AccessDeniedException',
            `User: arn:aws:iam::${ctx.state.accountId}:user/ecr-check-emulator is not authorized ` +
              'to perform: account:ListRegions',
            403,
          );
        }
        return listRegions(ctx.state, parseJsonBody(body));
      },
      'application/json',
    );
    return;
  }

  const form = new URLSearchParams(body);
  const action = form.get('Action');
  if (action) {
    ctx.counters.record('sts', scope?.region ?? 'unsigned', action);
    await delay(latency(ctx.settings));
    if (!scope) {
      const error = new ApiError('MissingAuthenticationToken', 'Request is missing a signature');
      sendXml(res, 403, queryErrorXml(error));
    } else if (action !== 'GetCallerIdentity') {
      const error = new ApiError('InvalidAction', `Could not find operation ${action}`);
      sendXml(res, 400, queryErrorXml(error));
    } else {
      sendXml(res, 200, getCallerIdentityXml(ctx.state, scope.accessKeyId));
    }
    return;
  }

  sendJsonError(res, new ApiError('UnknownOperationException', 'Unknown operation', 404));
}

async function answerJson(
  ctx: ServerContext,
  res: ServerResponse,
  scope: SignedScope | null,
  service: 'ecr' | 'ecr-public' | 'account',
  op: string,
  run: () => unknown,
  contentType?: string,
): Promise<void> {
  const region = scope?.region ?? 'unsigned';
  const counter = ctx.counters.record(service, region, op);
  let outcome: { ok: true; body: unknown } | { ok: false; error: ApiError };
  try {
    if (!scope) {
      throw new ApiError(
        'MissingAuthenticationTokenException',
        'Missing Authentication Token',
        403,
      );
    }
    if (service !== 'account') {
      const failure = ctx.settings.failRegions[region];
      if (failure === 'timeout') {
        hold(ctx, res);
        return;
      }
      checkRegion(ctx, service, region, failure);
      if (!ctx.buckets.take(`${service}|${region}`)) {
        counter.throttled += 1;
        throw new ApiError('ThrottlingException', 'Rate exceeded');
      }
    }
    outcome = { ok: true, body: run() };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    outcome = { ok: false, error };
  }

  await delay(latency(ctx.settings));
  if (outcome.ok) sendJson(res, 200, outcome.body, contentType);
  else sendJsonError(res, outcome.error, contentType);
}

function checkRegion(
  ctx: ServerContext,
  service: 'ecr' | 'ecr-public',
  region: string,
  failure: RegionFailure | undefined,
): void {
  const account = ctx.state.accountId;
  if (failure === 'access-denied') {
    throw new ApiError(
      'AccessDeniedException',
      `User: arn:aws:iam::${account}:user/ecr-check-emulator is not authorized to perform this ` +
        `${service} action in ${region} because no identity-based policy allows it`,
    );
  }
  if (failure === 'unrecognized-client') {
    throw new ApiError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  const known = service === 'ecr-public' ? region === ECR_PUBLIC_API_REGION : true;
  if (known && !ctx.state.isEnabled(region)) {
    // Calls into an opt-in region the account has not enabled are refused like this by AWS.
    throw new ApiError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
}

function hold(ctx: ServerContext, res: ServerResponse): void {
  ctx.held.add(res);
  res.on('close', () => ctx.held.delete(res));
}

function latency(settings: BehaviourSettings): number {
  const value = settings.latencyMs;
  if (typeof value === 'number') return value;
  const [min, max] = value;
  return min + Math.random() * (max - min);
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
