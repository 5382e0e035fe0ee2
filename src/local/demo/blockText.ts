/** A Block Kit block as the demo reads it: only the fields it prints. */
interface Block {
  type: string;
  text?: { type: string; text: string };
  fields?: { type: string; text: string }[];
  elements?: Block[] | { type: string; text?: unknown; url?: string }[];
  accessory?: { type: string; text?: { text: string } };
}

/**
 * Renders a Slack message (Block Kit blocks, or its fallback text) as plain terminal text: headers
 * underlined, sections as paragraphs, fields as "label value" lines, buttons as `[ Label ]`. Only
 * what a reader needs to follow the demo; Slack's Block Kit Builder shows the real look.
 */
export function blocksToText(message: { text?: string; blocks?: unknown }): string {
  const blocks = Array.isArray(message.blocks) ? (message.blocks as Block[]) : [];
  if (blocks.length === 0) return plain(message.text ?? '');

  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'header': {
        const title = plain(block.text?.text ?? '');
        lines.push(title, '═'.repeat(Math.min(title.length, 80)));
        break;
      }
      case 'section': {
        if (block.text) lines.push(plain(block.text.text));
        for (const field of block.fields ?? []) lines.push(`  ${plain(field.text)}`);
        if (block.accessory?.type === 'button' && block.accessory.text) {
          lines.push(`  [ ${block.accessory.text.text} ]`);
        }
        break;
      }
      case 'context':
        lines.push(
          ...(block.elements ?? []).map((e) => `  ${plain(elementText(e as Block))}`.trimEnd()),
        );
        break;
      case 'divider':
        lines.push('─'.repeat(60));
        break;
      case 'actions':
        lines.push(
          (block.elements ?? []).map((e) => `[ ${plain(elementText(e as Block))} ]`).join('  '),
        );
        break;
      case 'rich_text':
        lines.push(plain(JSON.stringify(block.elements ?? [])));
        break;
      default:
        lines.push(`(${block.type})`);
    }
  }
  return lines.join('\n');
}

function elementText(element: Block): string {
  const text = element.text as unknown;
  if (typeof text === 'string') return text;
  if (text && typeof text === 'object' && 'text' in text) return String(text.text);
  return '';
}

/** Slack mrkdwn to terminal text: links to their label, entities decoded, code fences kept. */
function plain(mrkdwn: string): string {
  return mrkdwn
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
