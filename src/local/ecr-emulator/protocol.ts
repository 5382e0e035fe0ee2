import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An AWS error answer: the exception name the SDK maps to its error class, and the message. */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** What the SigV4 credential scope of a request says. */
export interface SignedScope {
  accessKeyId: string;
  region: string;
  service: string;
}

/**
 * Reads the credential scope from a SigV4 `Authorization` header. The signature itself is not
 * checked: the emulator trusts any credentials, which is what tests with fake keys need.
 */
export function signedScope(req: IncomingMessage): SignedScope | null {
  const header = req.headers.authorization ?? '';
  const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(header);
  if (!match) return null;
  return { accessKeyId: match[1] ?? '', region: match[2] ?? '', service: match[3] ?? '' };
}

/** Reads a whole request body as UTF-8. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Sends an AWS JSON (1.1 or REST JSON) answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/x-amz-json-1.1',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

/** Sends an error the way AWS JSON services do: `{"__type", "message"}` plus the error type header. */
export function sendJsonError(res: ServerResponse, error: ApiError, contentType?: string): void {
  res.setHeader('x-amzn-errortype', error.type);
  sendJson(res, error.status, { __type: error.type, message: error.message }, contentType);
}

/** Sends an XML answer (STS speaks the AWS query protocol). */
export function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(xml),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(xml);
}

/** Escapes text for XML element content. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Parses a JSON request body into an object (AWS JSON requests are always objects). */
export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // fall through to the error below
  }
  throw new ApiError('SerializationException', 'Request body is not a JSON object');
}
