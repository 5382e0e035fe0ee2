import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, HTTPReceiver, type HTTPReceiverOptions } from '@slack/bolt';
import { log } from '../../shared/log';
import { isSignedBySlack, rawBodyProblem } from './requestCheck';

/**
 * Bolt's HTTPReceiver with a check in front of the events endpoint: a validly signed body the app
 * cannot act on (`payload=null`, an empty form, a click without actions) is answered 400 with a
 * warning at once. Bolt would otherwise throw outside any handler on a `null` body (ending the
 * process) or wait three seconds for a listener. Unsigned and forged requests go on to Bolt,
 * which answers 401.
 */
export function createHttpReceiver(
  options: HTTPReceiverOptions & { signingSecret: string; endpoints: string },
): HTTPReceiver {
  const receiver = new HTTPReceiver(options);
  const bolt = receiver.requestListener;
  const path = options.endpoints;
  receiver.requestListener = (req, res) => {
    // Other paths and methods keep Bolt's own routing and errors (thrown synchronously to it).
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== path) return bolt(req, res);
    checked(req, res, options.signingSecret).then(
      (pass) => {
        if (pass) bolt(req, res);
      },
      (error: unknown) => {
        log.error('slack request check failed', { error: String(error) });
        if (!res.headersSent) res.writeHead(500).end();
      },
    );
  };
  return receiver;
}

/** Reads the body (Bolt reuses it) and answers 400 when a signed body gives nothing to act on. */
async function checked(req: IncomingMessage, res: ServerResponse, secret: string) {
  let raw: string;
  try {
    const buffered = await HTTPModuleFunctions.bufferIncomingMessage(
      req,
      HTTPModuleFunctions.defaultBodyLimit,
    );
    raw = buffered.rawBody.toString();
  } catch (error) {
    const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413;
    log.warn('slack request body unreadable', { tooLarge });
    res.writeHead(tooLarge ? 413 : 400).end();
    return false;
  }
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  if (!isSignedBySlack(secret, raw, header)) return true;
  const problem = rawBodyProblem(raw, header('content-type'));
  if (!problem) return true;
  log.warn('signed slack request refused', { problem });
  res.writeHead(400).end();
  return false;
}
