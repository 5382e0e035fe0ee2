import * as z from 'zod';

/** What a user asked `/ecr-check` to do, after validation. */
export type SlashRequest =
  | { kind: 'help'; unknown?: string }
  | { kind: 'scan'; regions: string[] }
  | { kind: 'repo'; repository: string; region: string | undefined }
  | { kind: 'history'; repository: string }
  | { kind: 'exceptions' }
  | { kind: 'invalid'; message: string };

/** The most a user may type after `/ecr-check` (Slack allows far more; we have no use for it). */
export const MAX_COMMAND_TEXT = 400;

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;
/** ECR's repository name grammar (namespaces separated by `/`), 2 to 256 characters. */
const REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

const repositorySchema = z
  .string()
  .min(2, 'A repository name has at least 2 characters.')
  .max(256, 'A repository name has at most 256 characters.')
  .regex(
    REPOSITORY,
    'A repository name uses lowercase letters, digits and . _ - / (for example team/app).',
  );

/** The short usage text shown for `help` and for anything the command does not understand. */
export const USAGE = [
  '*Usage:* `/ecr-check <command>`',
  '• `scan [region …]`: scan now and report the findings',
  '• `repo NAME [region]`: a repository policy, its statements with verdicts, and what remediation would change',
  '• `history NAME`: findings, remediation requests and audit events of a repository',
  '• `exceptions`: accepted risks and when they expire',
  '• `help`: this text',
].join('\n');

/** Splits on whitespace, dropping one pair of surrounding quotes from each word. */
function words(text: string): string[] {
  return text
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => w.replace(/^["'“”‘’](.*)["'“”‘’]$/su, '$1'));
}

function shown(value: string): string {
  const chars = Array.from(value);
  const short = chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : value;
  return `\`${short.replace(/[`<>&]/g, '')}\``;
}

function checkRepository(value: string | undefined): string | { error: string } {
  if (value === undefined) return { error: 'Name a repository, for example `team/app`.' };
  const parsed = repositorySchema.safeParse(value);
  if (!parsed.success) {
    return {
      error: `${shown(value)} is not a repository name. ${parsed.error.issues[0]?.message}`,
    };
  }
  return value;
}

function checkRegion(value: string): string | { error: string } {
  return REGION.test(value)
    ? value
    : { error: `${shown(value)} is not an AWS region name (for example eu-west-1).` };
}

/** Parses the text after `/ecr-check`; odd input gives a clear message, never an exception. */
export function parseSlashText(raw: string | undefined): SlashRequest {
  const text = (raw ?? '').normalize('NFC').trim();
  if (Array.from(text).length > MAX_COMMAND_TEXT) {
    return {
      kind: 'invalid',
      message: `That is ${Array.from(text).length} characters; \`/ecr-check\` takes at most ${MAX_COMMAND_TEXT}.`,
    };
  }
  const [first, ...args] = words(text);
  const command = first?.toLowerCase();

  switch (command) {
    case undefined:
    case 'help':
      return { kind: 'help' };
    case 'scan': {
      const regions: string[] = [];
      for (const arg of args.flatMap((a) => a.split(',')).filter((a) => a.length > 0)) {
        const region = checkRegion(arg.toLowerCase());
        if (typeof region !== 'string') return { kind: 'invalid', message: region.error };
        if (!regions.includes(region)) regions.push(region);
      }
      return { kind: 'scan', regions };
    }
    case 'repo': {
      if (args.length > 2) {
        return { kind: 'invalid', message: 'Usage: `/ecr-check repo NAME [region]`.' };
      }
      const repository = checkRepository(args[0]);
      if (typeof repository !== 'string') return { kind: 'invalid', message: repository.error };
      if (args[1] === undefined) return { kind: 'repo', repository, region: undefined };
      const region = checkRegion(args[1].toLowerCase());
      if (typeof region !== 'string') return { kind: 'invalid', message: region.error };
      return { kind: 'repo', repository, region };
    }
    case 'history': {
      if (args.length > 1) return { kind: 'invalid', message: 'Usage: `/ecr-check history NAME`.' };
      const repository = checkRepository(args[0]);
      if (typeof repository !== 'string') return { kind: 'invalid', message: repository.error };
      return { kind: 'history', repository };
    }
    case 'exceptions':
      return { kind: 'exceptions' };
    default:
      return { kind: 'help', unknown: first };
  }
}
