import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const useColour = process.stdout.isTTY && process.env.NO_COLOR === undefined;
const paint = (code: string) => (text: string) =>
  useColour ? `\x1b[${code}m${text}\x1b[0m` : text;
const bold = paint('1');
const dim = paint('2');
const cyan = paint('36');

/**
 * Tells the demo's story in the terminal and keeps each Slack message's Block Kit JSON in a folder
 * (`NN-name.json`), ready to paste into Slack's Block Kit Builder.
 */
export class Narrator {
  private count = 0;
  readonly files: string[] = [];

  constructor(
    readonly messagesDir: string,
    private readonly render: (message: { text?: unknown; blocks?: unknown }) => string,
  ) {
    rmSync(messagesDir, { recursive: true, force: true });
    mkdirSync(messagesDir, { recursive: true });
  }

  /** A numbered step of the demo. */
  step(title: string): void {
    process.stdout.write(`\n${bold(cyan(`▶ ${title}`))}\n`);
  }

  /** A line of explanation. */
  say(text: string): void {
    process.stdout.write(`${text}\n`);
  }

  /** A detail a reader may skip. */
  aside(text: string): void {
    process.stdout.write(`${dim(text)}\n`);
  }

  /** A policy text, shown exactly (indented, with its size), so before and after can be compared. */
  policy(label: string, text: string | null): void {
    process.stdout.write(`${bold(label)}\n`);
    if (text === null) {
      process.stdout.write(`${dim('  (no policy)')}\n`);
      return;
    }
    const body = text
      .split('\n')
      .map((line) => `  │ ${line}`)
      .join('\n');
    process.stdout.write(`${body}\n${dim(`  (${Buffer.byteLength(text)} bytes)`)}\n`);
  }

  /** Prints a Slack message as text and saves its Block Kit JSON; returns the file's path. */
  message(
    name: string,
    how: string,
    message: { text?: string; blocks?: unknown },
    options: { quiet?: boolean } = {},
  ): string {
    this.count += 1;
    const file = join(this.messagesDir, `${String(this.count).padStart(2, '0')}-${name}.json`);
    writeFileSync(file, `${JSON.stringify({ blocks: message.blocks ?? [] }, null, 2)}\n`);
    this.files.push(file);

    if (options.quiet) return file;
    const shown = this.render(message)
      .split('\n')
      .map((line) => `  ┃ ${line}`)
      .join('\n');
    process.stdout.write(`${dim(`  ${how} → ${relative(process.cwd(), file)}`)}\n${shown}\n`);
    return file;
  }
}
