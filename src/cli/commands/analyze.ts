import { readFile } from 'node:fs/promises';
import { Option } from 'commander';
import { analyzePolicy } from '../../policy/analyze';
import { formatAnalysisText } from '../../policy/text-report';
import type { AnalyzeOptions, PolicyKind } from '../../policy/types';
import { isWorse } from '../../policy/verdict';
import { loadCoreConfig } from '../../shared/config';
import { EcrCheckError } from '../../shared/errors';
import type { RegisterCommand } from '../main';

interface AnalyzeFlags {
  format: 'text' | 'json';
  kind: PolicyKind;
  account?: string;
  trustedAccounts?: string;
  trustedOrg?: string[];
}

/**
 * `ecr-check analyze FILE|- [--format text|json] [--account ID] [--kind private|public|registry]`:
 * judges one policy document offline. Exit status 0 for private/restricted, 1 for public-* and
 * cross-account (a CI gate), 2 for bad input. The owner account must be given (or set in
 * ECR_CHECK_ACCOUNT_ID): guessing it would turn the owner's own grants into cross-account ones.
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
      '--trusted-org <id...>',
      'organization ids trusted like the owner (default: ECR_CHECK_TRUSTED_ORG)',
    )
    .action(async (file: string, flags: AnalyzeFlags) => {
      const options = analyzeOptions(flags);
      const text = await readPolicy(file);
      const analysis = analyzePolicy(text, options);

      process.stdout.write(
        flags.format === 'json'
          ? `${JSON.stringify(analysis, null, 2)}\n`
          : formatAnalysisText(analysis, file === '-' ? 'standard input' : file),
      );
      setExitCode(isWorse(analysis.verdict, 'restricted') ? 1 : 0);
    });
};

function analyzeOptions(flags: AnalyzeFlags): AnalyzeOptions {
  const config = loadCoreConfig();
  const ownerAccount = flags.account ?? config.accountId;
  if (ownerAccount === undefined) {
    throw new EcrCheckError(
      'config-invalid',
      'analyze needs the owner account: pass --account 123456789012 or set ECR_CHECK_ACCOUNT_ID',
    );
  }
  const trustedAccounts =
    flags.trustedAccounts === undefined
      ? config.trustedAccounts
      : flags.trustedAccounts
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== '');
  const trustedOrgs = flags.trustedOrg ?? (config.trustedOrg ? [config.trustedOrg] : []);

  for (const id of [ownerAccount, ...trustedAccounts]) {
    if (!/^\d{12}$/.test(id)) {
      throw new EcrCheckError('config-invalid', `"${id}" is not a 12-digit account id`);
    }
  }
  for (const org of trustedOrgs) {
    if (!/^o-[a-z0-9]{10,32}$/.test(org)) {
      throw new EcrCheckError(
        'config-invalid',
        `"${org}" is not an organization id like o-a1b2c3d4e5`,
      );
    }
  }
  return { kind: flags.kind, ownerAccount, trustedAccounts, trustedOrgs };
}

async function readPolicy(file: string): Promise<string> {
  try {
    return file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
    throw new EcrCheckError(
      'not-found',
      `cannot read ${file === '-' ? 'standard input' : file} (${reason})`,
      {
        cause,
      },
    );
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
