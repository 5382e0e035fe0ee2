/**
 * Stands in, in the Lambda bundles only, for packages that `@slack/bolt` requires when it loads
 * but that can never run on Lambda: `@slack/socket-mode` (Socket Mode's WebSocket client, which
 * brings undici), `express` (ExpressReceiver's server), `raw-body` (body parsing for Bolt's own
 * HTTP servers, which brings iconv-lite) and `@slack/oauth` (the OAuth installer; we run with one
 * bot token). `infra/bundling.ts` aliases them here. Bolt touches them only inside the
 * constructors and request handlers of its Socket Mode, Express and HTTP receivers and of the
 * installer; the Lambda functions build none of those (the edge uses AwsLambdaReceiver), so
 * nothing here runs. Should a change ever build one on Lambda, it fails loudly at that point.
 */
function notOnLambda(): never {
  throw new Error(
    "Bolt's Socket Mode, Express and HTTP receivers and its OAuth installer are not bundled " +
      'into the Lambda functions; use AwsLambdaReceiver (see src/lambda/notOnLambda.ts)',
  );
}

/** `@slack/socket-mode`'s client. */
export class SocketModeClient {
  constructor() {
    notOnLambda();
  }
}

/** `@slack/oauth`'s installer. */
export class InstallProvider {
  constructor() {
    notOnLambda();
  }
}

/** `express.Router()`. */
export function Router(): never {
  return notOnLambda();
}

/** `express()` and `rawBody(request)`, the packages' default exports. */
export default function notOnLambdaDefault(): never {
  return notOnLambda();
}
