import { LIMITS } from '../../slack/limits';
import { messageChars } from '../../slack/render/blocks';

/** Why Slack would refuse a message: the error code and Slack-style detail lines. */
export interface Rejection {
  error: 'invalid_blocks' | 'msg_too_long' | 'no_text' | 'invalid_arguments';
  messages: string[];
}

type Json = Record<string, unknown>;

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'actions',
  'divider',
  'input',
  'image',
]);

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function len(value: unknown): number {
  return Array.from(str(value) ?? '').length;
}

function textObject(
  value: unknown,
  path: string,
  max: number,
  problems: string[],
  plainOnly = false,
): void {
  const text = value as Json | undefined;
  if (!text || typeof text !== 'object') {
    problems.push(`[ERROR] missing required field: text [json-pointer:${path}]`);
    return;
  }
  if (text.type !== 'plain_text' && (plainOnly || text.type !== 'mrkdwn')) {
    problems.push(`[ERROR] must be a valid enum value [json-pointer:${path}/type]`);
  }
  if (len(text.text) === 0) {
    problems.push(`[ERROR] must be more than 0 characters [json-pointer:${path}/text]`);
  }
  if (len(text.text) > max) {
    problems.push(`[ERROR] must be less than ${max + 1} characters [json-pointer:${path}/text]`);
  }
}

function element(el: Json, path: string, ids: Set<string>, problems: string[]): void {
  if (el.type === 'button') {
    textObject(el.text, `${path}/text`, LIMITS.buttonText, problems, true);
    if (len(el.value) > LIMITS.buttonValue) {
      problems.push(`[ERROR] must be less than 2001 characters [json-pointer:${path}/value]`);
    }
    const confirm = el.confirm as Json | undefined;
    if (confirm) {
      textObject(confirm.title, `${path}/confirm/title`, LIMITS.confirmTitle, problems, true);
      textObject(confirm.text, `${path}/confirm/text`, LIMITS.confirmText, problems);
      textObject(confirm.confirm, `${path}/confirm/confirm`, LIMITS.confirmButton, problems, true);
      textObject(confirm.deny, `${path}/confirm/deny`, LIMITS.confirmButton, problems, true);
    }
  }
  const actionId = str(el.action_id);
  if (actionId !== undefined) {
    if (len(actionId) > LIMITS.actionId) {
      problems.push(`[ERROR] must be less than 256 characters [json-pointer:${path}/action_id]`);
    }
    if (ids.has(actionId)) {
      problems.push(
        `[ERROR] action_id already exists: ${actionId} [json-pointer:${path}/action_id]`,
      );
    }
    ids.add(actionId);
  }
}

/** Checks blocks the way Slack does; returns the problems (empty when Slack would accept them). */
export function blockProblems(blocks: unknown, maxBlocks: number = LIMITS.blocksPerMessage) {
  const problems: string[] = [];
  if (!Array.isArray(blocks)) return ['[ERROR] must be an array [json-pointer:/blocks]'];
  if (blocks.length > maxBlocks) {
    problems.push(`[ERROR] no more than ${maxBlocks} items allowed [json-pointer:/blocks]`);
  }
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((raw, i) => {
    const path = `/blocks/${i}`;
    const block = raw as Json;
    if (!block || typeof block !== 'object' || !BLOCK_TYPES.has(str(block.type) ?? '')) {
      problems.push(`[ERROR] invalid block type [json-pointer:${path}/type]`);
      return;
    }
    const blockId = str(block.block_id);
    if (blockId !== undefined) {
      if (len(blockId) > LIMITS.blockId) {
        problems.push(`[ERROR] must be less than 256 characters [json-pointer:${path}/block_id]`);
      }
      if (blockIds.has(blockId)) {
        problems.push(
          `[ERROR] block_id already exists: ${blockId} [json-pointer:${path}/block_id]`,
        );
      }
      blockIds.add(blockId);
    }
    switch (block.type) {
      case 'section':
        if (block.text !== undefined || !block.fields) {
          textObject(block.text, `${path}/text`, LIMITS.sectionText, problems);
        }
        break;
      case 'header':
        textObject(block.text, `${path}/text`, LIMITS.headerText, problems, true);
        break;
      case 'context': {
        const elements = Array.isArray(block.elements) ? (block.elements as Json[]) : [];
        if (elements.length === 0 || elements.length > LIMITS.contextElements) {
          problems.push(`[ERROR] must have 1 to 10 elements [json-pointer:${path}/elements]`);
        }
        elements.forEach((el, j) => {
          if (len(el.text) > LIMITS.contextText) {
            problems.push(
              `[ERROR] must be less than 2001 characters [json-pointer:${path}/elements/${j}/text]`,
            );
          }
        });
        break;
      }
      case 'actions': {
        const elements = Array.isArray(block.elements) ? (block.elements as Json[]) : [];
        if (elements.length === 0 || elements.length > LIMITS.actionsElements) {
          problems.push(`[ERROR] must have 1 to 25 elements [json-pointer:${path}/elements]`);
        }
        elements.forEach((el, j) => {
          element(el, `${path}/elements/${j}`, actionIds, problems);
        });
        break;
      }
      case 'input':
        textObject(block.label, `${path}/label`, 2000, problems, true);
        if (block.element && typeof block.element === 'object') {
          element(block.element as Json, `${path}/element`, actionIds, problems);
        }
        break;
    }
  });
  return problems;
}

/** Checks a chat.postMessage / chat.update / response_url payload; null when Slack would accept it. */
export function checkMessage(payload: { text?: unknown; blocks?: unknown }): Rejection | null {
  const text = str(payload.text);
  const blocks = payload.blocks;
  if ((text === undefined || text === '') && (blocks === undefined || blocks === null)) {
    return { error: 'no_text', messages: [] };
  }
  if (text !== undefined && len(text) > LIMITS.fallbackText) {
    return { error: 'msg_too_long', messages: [] };
  }
  if (blocks !== undefined && blocks !== null) {
    const problems = blockProblems(blocks);
    if (problems.length) return { error: 'invalid_blocks', messages: problems };
    if (messageChars({ text, blocks: blocks as never }) > LIMITS.messageChars) {
      return { error: 'msg_too_long', messages: [] };
    }
  }
  return null;
}

/** Checks a modal for views.open; null when Slack would accept it. */
export function checkView(view: unknown): Rejection | null {
  const v = view as Json | undefined;
  if (!v || typeof v !== 'object' || v.type !== 'modal') {
    return { error: 'invalid_arguments', messages: ['[ERROR] view must be a modal'] };
  }
  const problems: string[] = [];
  textObject(v.title, '/view/title', LIMITS.viewTitle, problems, true);
  if (v.submit) textObject(v.submit, '/view/submit', LIMITS.viewTitle, problems, true);
  if (len(v.private_metadata) > 3000) {
    problems.push(
      '[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]',
    );
  }
  problems.push(...blockProblems(v.blocks, LIMITS.blocksPerView));
  return problems.length ? { error: 'invalid_arguments', messages: problems } : null;
}
