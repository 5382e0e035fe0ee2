/**
 * True for characters a terminal or log viewer acts on instead of showing: C0 and C1 controls
 * (escape sequences, carriage return, NUL, newline), DEL, line and paragraph separators, and the
 * Unicode bidirectional marks, embeddings, overrides and isolates that can reorder a line.
 */
function isUnprintable(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/**
 * Shows policy-supplied text safely in plain-text output: every control or bidi character becomes
 * a visible escape (`\x1b`, `\r`, `\u202e`), so a `Sid` cannot clear the screen, colour a line or
 * fake a verdict. Other text, including non-Latin letters, stays as written.
 */
export function printable(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    out += isUnprintable(code) ? escapeOf(char, code) : char;
  }
  return out;
}

/** Policy text in double quotes for prose: quotes and backslashes escaped, then made printable. */
export function quoted(text: string): string {
  return `"${printable(text.replace(/["\\]/g, '\\$&'))}"`;
}

function escapeOf(char: string, code: number): string {
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}
