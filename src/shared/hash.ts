import { createHash } from 'node:crypto';

/** SHA-256 of a text as lowercase hex; used for policy texts and stable finding ids. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
