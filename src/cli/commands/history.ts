import { Option } from 'commander';
import { parseRegionList } from '../../scan/regions';
import { loadCoreConfig } from '../../shared/config';
import { EcrCheckError } from '../../shared/errors';
import { openStore } from '../../store/open';
import type { Actor, RepositoryHistory } from '../../store/types';
import type { RegisterCommand } from '../main';
import { LOCAL_STORE_NOTE } from './store';

/**
 * `ecr-check history REPOSITORY [--region R] [--format text|json]`: everything the store knows
 * about a repository (findings, remediation requests, backups, audit events), from the same store
 * Slack uses (`DYNAMODB_TABLE`, else the local one). Exit status 1 when it knows nothing, 2 when
 * it could not look (bad repository name or region, store unreachable).
 */
export const registerHistory: RegisterCommand = (program, setExitCode) => {
  program
    .command('history')
    .description('Show findings, remediation requests, backups and audit events of a repository.')
    .argument('<repository>', 'repository name')
    .option('--region <region>', 'only this region')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .addHelpText(
      'after',
      '\nExit status: 0 something is recorded; 1 nothing is recorded for the repository (in that\n' +
        'region); 2 could not look (bad input, store unreachable).\n\n' +
        LOCAL_STORE_NOTE,
    )
    .action(async (name: string, options: { region?: string; format: 'text' | 'json' }) => {
      const repository = checkRepositoryName(name);
      const region = options.region === undefined ? undefined : checkRegion(options.region);
      const store = await openStore(loadCoreConfig());
      const history = await store.history(repository, { region });
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify(history, null, 2)}\n`);
      } else {
        process.stdout.write(formatHistory(repository, history));
      }
      const empty = Object.values(history).every((list) => list.length === 0);
      setExitCode(empty ? 1 : 0);
    });
};

/**
 * ECR repository names (private and public) are at most 256 characters of lower-case letters,
 * digits and `._/-`; `registry:ACCOUNT` names a registry policy's history. Checked here so a typo
 * is not reported as "nothing recorded".
 */
function checkRepositoryName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') {
    throw new EcrCheckError('config-invalid', 'Name a repository: ecr-check history REPOSITORY.');
  }
  if (!/^(registry:\d{12}|REGISTRY#\d{12}|[a-z0-9][a-z0-9._/-]{0,255})$/.test(trimmed)) {
    const shown = trimmed.length > 60 ? `${trimmed.slice(0, 60)}…` : trimmed;
    throw new EcrCheckError(
      'config-invalid',
      `${JSON.stringify(shown)} is not an ECR repository name (lower-case letters, digits and ` +
        '._/-, at most 256 characters) or registry:ACCOUNT_ID.',
    );
  }
  return trimmed;
}

function checkRegion(value: string): string {
  const regions = parseRegionList(value);
  if (regions.length !== 1) {
    throw new EcrCheckError('config-invalid', `--region takes one region, not ${value}.`);
  }
  return regions[0] as string;
}

/** The history as readable text, one section per kind, oldest first. */
export function formatHistory(repository: string, history: RepositoryHistory): string {
  const lines: string[] = [`History of ${repository}`, ''];
  if (Object.values(history).every((list) => list.length === 0)) {
    return `${lines[0]}: nothing recorded.\n`;
  }

  lines.push('Findings');
  for (const f of history.findings) {
    lines.push(
      `  ${f.id}  ${f.region}  ${f.verdict}  ${f.status}  first seen ${f.firstSeen}, last seen ${f.lastSeen}` +
        (f.acceptedRisk
          ? `  (accepted until ${f.acceptedRisk.expiresAt}: ${f.acceptedRisk.reason})`
          : ''),
    );
  }
  lines.push('', 'Remediation requests');
  for (const r of history.requests) {
    lines.push(
      `  ${r.id}  ${r.target.region}  ${r.mode}  ${r.state}  requested by ${who(r.requestedBy)} ` +
        `at ${r.requestedAt}` +
        (r.approvedBy ? `, approved by ${who(r.approvedBy)}` : '') +
        (r.failure ? `  failed: ${r.failure}` : ''),
      `      ${r.plan.summary}`,
    );
  }
  lines.push('', 'Backups');
  for (const b of history.backups) {
    lines.push(
      `  request ${b.requestId}  ${b.createdAt}  before: ` +
        (b.priorText === null ? 'no policy' : `sha256 ${b.priorHash}`) +
        '  written: ' +
        (b.writtenText === null ? 'policy deleted' : `sha256 ${b.writtenHash}`),
    );
  }
  lines.push('', 'Audit');
  for (const e of history.audit) {
    lines.push(
      `  ${e.at}  ${e.event.padEnd(22)} ${e.actor ? who(e.actor) : 'ecr-check'}: ${e.message}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function who(actor: Actor): string {
  return actor.name ? `${actor.name} (${actor.id})` : actor.id;
}
