/**
 * Block Kit limits as Slack enforces them. The renderers stay inside these (with a margin for the
 * whole-message budget) and the local stand-in rejects payloads that break them, so a rendering bug
 * fails a test instead of a digest.
 */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  viewTitle: 24,
  /** Characters of text (top-level `text` plus every block text) Slack accepts in one message. */
  messageChars: 13000,
  /** What the renderers aim for, leaving room for Slack counting a little differently. */
  messageBudget: 11500,
  /** The top-level `text` fallback (Slack truncates at 40,000; `msg_too_long` above it). */
  fallbackText: 40000,
} as const;

/** Cuts `text` to at most `max` characters, marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Length in the sense Slack counts (Unicode code points, close enough for budgets). */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Escapes the three characters Slack treats as control characters (`&`, `<`, `>`), so text that
 * came from a policy, a repository, a user or an error cannot become a link, a mention or an
 * @channel ping. The one escape every renderer uses for such text, in mrkdwn, in plain_text, in
 * fallback `text` and inside code blocks (Slack parses `<...>` there too). Our own mentions
 * (`<@U…>`) are added around escaped text, never through it.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline code that cannot break out of its backticks. */
export function code(text: string): string {
  return `\`${escapeMrkdwn(text).replace(/`/g, "'")}\``;
}

/** A mention of a Slack user or bot id; anything that is not such an id is shown as escaped text. */
export function mention(userId: string): string {
  return /^[UWB][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}
