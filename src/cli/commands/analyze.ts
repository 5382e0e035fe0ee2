import { readFile } from 'node:fs/promises';
import { Option } from 'commander';
import { analyzePolicy } from '../../policy/analyze';
import { printable } from '../../policy/printable';
import { formatAnalysisText } from '../../policy/text-report';
import type { AnalyzeOptions, PolicyKind } from '../../policy/types';
import { isWorse } from '../../policy/verdict';
import { EcrCheckError, type ErrorCode, isEcrCheckError } from '../../shared/errors';
import type { RegisterCommand } from '../main';

interface AnalyzeFlags {
  format: 'text' | 'json';
  kind: PolicyKind;
  account?: string;
  trustedAccounts?: string;
  trustedOrg?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;

/** Words for the file errors people meet; other errors keep the system's message. */
const FILE_ERRORS: Record<string, { code: ErrorCode; words: string }> = {
  ENOENT: { code: 'not-found', words: 'no such file' },
  ENOTDIR: { code: 'not-found', words: 'no such file (a part of the path is not a directory)' },
  EISDIR: { code: 'not-found', words: 'it is a directory, not a policy file' },
  EACCES: { code: 'not-authorised', words: 'permission denied' },
  EPERM: { code: 'not-authorised', words: 'permission denied' },
};

/**
 * `ecr-check analyze FILE|- [--format text|json] [--account ID] [--kind private|public|registry]`:
 * judges one policy document offline. Exit status 0 for private/restricted, 1 for public-* and
 * cross-account (a CI gate), 2 for bad input; with `--format json` bad input also prints
 * `{"error": {"code", "message"}}` on stdout. The owner account must be given (or set in
 * ECR_CHECK_ACCOUNT_ID): guessing it would turn the owner's own grants into cross-account ones.
 * Only the settings analyze uses are read from the environment, and a flag wins over its variable.
 *
 * Usage errors found by the argument parser (an unknown option, a bad `--kind`) are reported by the
 * CLI on stderr only, without the JSON error object.
 */
export const registerAnalyze: RegisterCommand = (program, setExitCode) => {
  program
    .command('analyze')
    .description(
      'Judge one ECR policy document: public-push, public-pull, cross-account, restricted or private.',
    )
    .argument('<file>', 'policy JSON file, or - for standard input')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .addOption(
      new Option('--kind <kind>', 'what the policy is attached to')
        .choices(['private', 'public', 'registry'])
        .default('private'),
    )
    .option('--account <id>', 'owner account id (default: ECR_CHECK_ACCOUNT_ID)')
    .option(
      '--trusted-accounts <ids>',
      'comma-separated accounts treated like the owner (default: ECR_CHECK_TRUSTED_ACCOUNTS)',
    )
    .option(
      '--trusted-org <id>',
      'organization id trusted like the owner (default: ECR_CHECK_TRUSTED_ORG)',
    )
    .action(async (file: string, flags: AnalyzeFlags) => {
      try {
        const options = analyzeOptions(flags, process.env);
        const text = await readPolicy(file);
        const analysis = analyzePolicy(text, options);

        process.stdout.write(
          flags.format === 'json'
            ? `${JSON.stringify(analysis, null, 2)}\n`
            : formatAnalysisText(analysis, file === '-' ? 'standard input' : file),
        );
        setExitCode(isWorse(analysis.verdict, 'restricted') ? 1 : 0);
      } catch (error) {
        if (!isEcrCheckError(error)) throw error;
        reportBadInput(error, flags.format);
        setExitCode(2);
      }
    });
};

/** One line on stderr for people; with `--format json` also the error as data on stdout. */
function reportBadInput(error: EcrCheckError, format: AnalyzeFlags['format']): void {
  // File names and values come from the user's input: keep escape codes out of the terminal.
  process.stderr.write(`ecr-check: ${printable(error.message)} (${error.code})\n`);
  if (format === 'json') {
    const body = { error: { code: error.code, message: error.message } };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  }
}

/** The engine's options from flags, falling back to only the variables analyze uses. */
function analyzeOptions(flags: AnalyzeFlags, env: NodeJS.ProcessEnv): AnalyzeOptions {
  const ownerAccount = setting(flags.account, '--account', env, 'ECR_CHECK_ACCOUNT_ID');
  if (ownerAccount === undefined) {
    throw new EcrCheckError(
      'config-invalid',
      'analyze needs the owner account: pass --account 123456789012 or set ECR_CHECK_ACCOUNT_ID',
    );
  }
  checkEach([ownerAccount.value], ACCOUNT_ID, ownerAccount.from, 'a 12-digit account id');

  const accounts = setting(
    flags.trustedAccounts,
    '--trusted-accounts',
    env,
    'ECR_CHECK_TRUSTED_ACCOUNTS',
  );
  const trustedAccounts = (accounts?.value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (accounts) checkEach(trustedAccounts, ACCOUNT_ID, accounts.from, 'a 12-digit account id');

  const org = setting(flags.trustedOrg, '--trusted-org', env, 'ECR_CHECK_TRUSTED_ORG');
  const trustedOrgs = org ? [org.value] : [];
  if (org) checkEach(trustedOrgs, ORG_ID, org.from, 'an organization id like o-a1b2c3d4e5');

  return { kind: flags.kind, ownerAccount: ownerAccount.value, trustedAccounts, trustedOrgs };
}

/** A flag's value, else its environment variable's (blank counts as unset), and where it came from. */
function setting(
  flag: string | undefined,
  flagName: string,
  env: NodeJS.ProcessEnv,
  variable: string,
): { value: string; from: string } | undefined {
  if (flag !== undefined) return { value: flag.trim(), from: flagName };
  const value = env[variable]?.trim();
  return value ? { value, from: variable } : undefined;
}

function checkEach(values: readonly string[], shape: RegExp, from: string, what: string): void {
  for (const value of values) {
    if (!shape.test(value)) {
      throw new EcrCheckError('config-invalid', `${from}: "${value}" is not ${what}`);
    }
  }
}

async function readPolicy(file: string): Promise<string> {
  try {
    return file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (cause) {
    const known = FILE_ERRORS[(cause as NodeJS.ErrnoException).code ?? ''];
    const where = file === '-' ? 'standard input' : file;
    throw new EcrCheckError(
      known?.code ?? 'not-found',
      `cannot read ${where}: ${known?.words ?? (cause as Error).message}`,
      { cause },
    );
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
