type Json = Record<string, unknown>;

function plain(text: unknown): string {
  const value = (text as Json | undefined)?.text;
  return typeof value === 'string' ? unescapeMrkdwn(value) : '';
}

function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/**
 * Renders a Slack message as readable terminal text: headers underlined, sections as paragraphs,
 * context lines dimmed with `│`, buttons as `[ Remediate ]`. Falls back to the `text` field.
 */
export function messageToText(message: { text?: unknown; blocks?: unknown }): string {
  const blocks = Array.isArray(message.blocks) ? (message.blocks as Json[]) : [];
  if (blocks.length === 0)
    return typeof message.text === 'string' ? unescapeMrkdwn(message.text) : '';
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'header': {
        const text = plain(block.text);
        out.push(text, '═'.repeat(Math.min(Array.from(text).length, 72)));
        break;
      }
      case 'section':
        out.push(plain(block.text));
        break;
      case 'context':
        for (const el of (block.elements as Json[] | undefined) ?? []) {
          out.push(indent(plain(el), '│ '));
        }
        break;
      case 'actions':
        out.push(
          ((block.elements as Json[] | undefined) ?? [])
            .map((el) => `[ ${plain(el.text)} ]`)
            .join('  '),
        );
        break;
      case 'divider':
        out.push('─'.repeat(40));
        break;
      case 'input':
        out.push(`${plain(block.label)}: ____`);
        break;
      default:
        out.push(`(${String(block.type)} block)`);
    }
  }
  return out.join('\n');
}

/**
 * Every `<…>` sequence Slack would turn into a link, a mention or a ping, in any text of a message
 * or view (top-level `text`, block texts, confirm dialogs, fields), as Slack reads them: escaped
 * `&lt;` is plain text and does not count.
 */
export function controlSequences(message: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === 'string') {
      if (key === 'text') found.push(...(value.match(/<[^<>]*>/g) ?? []));
      return;
    }
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(message);
  return found;
}
