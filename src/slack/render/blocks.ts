import type { KnownBlock, View } from '@slack/types';
import { clip, LIMITS } from '../limits';

/** A Block Kit block or element as plain JSON (the app only builds, never reads, these). */
// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON is open-ended; the stand-in checks it.
export type Block = Record<string, any>;

/** A message ready for chat.postMessage / chat.update / response_url. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** A mrkdwn section, clipped to Slack's section limit. */
export function section(text: string, blockId?: string): Block {
  return {
    type: 'section',
    ...(blockId ? { block_id: blockId } : {}),
    text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) },
  };
}

/** A header block (plain text, 150 characters). */
export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, LIMITS.headerText) } };
}

/** A context block of mrkdwn lines (at most 10 elements). */
export function context(lines: string[], blockId?: string): Block {
  return {
    type: 'context',
    ...(blockId ? { block_id: blockId } : {}),
    elements: lines.slice(0, LIMITS.contextElements).map((line) => ({
      type: 'mrkdwn',
      text: clip(line, LIMITS.contextText),
    })),
  };
}

/** Optional confirm dialog on a button. */
export interface Confirm {
  title: string;
  text: string;
  confirm: string;
  deny: string;
}

/** A button; the value is checked against Slack's 2,000-character limit by the caller's ids. */
export function button(
  text: string,
  actionId: string,
  value: string,
  options: { style?: 'primary' | 'danger'; confirm?: Confirm } = {},
): Block {
  if (value.length > LIMITS.buttonValue) throw new Error(`button value too long for ${actionId}`);
  return {
    type: 'button',
    text: { type: 'plain_text', text: clip(text, LIMITS.buttonText) },
    action_id: actionId,
    value,
    ...(options.style ? { style: options.style } : {}),
    ...(options.confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: clip(options.confirm.title, LIMITS.confirmTitle) },
            text: { type: 'mrkdwn', text: clip(options.confirm.text, LIMITS.confirmText) },
            confirm: { type: 'plain_text', text: clip(options.confirm.confirm, 30) },
            deny: { type: 'plain_text', text: clip(options.confirm.deny, 30) },
          },
        }
      : {}),
  };
}

/** An actions block. */
export function actions(blockId: string, elements: Block[]): Block {
  return {
    type: 'actions',
    block_id: blockId,
    elements: elements.slice(0, LIMITS.actionsElements),
  };
}

/** Every piece of text in a message, as Slack counts it towards the message size. */
export function messageChars(message: { text?: string; blocks?: Block[] }): number {
  let total = message.text ? Array.from(message.text).length : 0;
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === 'string') {
      if (key === 'text') total += Array.from(value).length;
      return;
    }
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(message.blocks ?? []);
  return total;
}

/** Hands our Block Kit JSON to the Web API client's types (which model each block precisely). */
export function slackBlocks(blocks: Block[]): KnownBlock[] {
  return blocks as KnownBlock[];
}

/** Same for a modal view. */
export function slackView(view: Block): View {
  return view as View;
}
