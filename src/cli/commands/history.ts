import { Option } from 'commander';
import { loadCoreConfig } from '../../shared/config';
import { openStore } from '../../store/open';
import type { Actor, RepositoryHistory } from '../../store/types';
import type { RegisterCommand } from '../main';

/**
 * `ecr-check history REPOSITORY [--region R] [--format text|json]`: everything the store knows
 * about a repository (findings, remediation requests, backups, audit events), from the same store
 * Slack uses (`DYNAMODB_TABLE`, else the local one). Exit status 1 when it knows nothing.
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
    .action(async (repository: string, options: { region?: string; format: 'text' | 'json' }) => {
      const store = await openStore(loadCoreConfig());
      const history = await store.history(repository, { region: options.region });
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify(history, null, 2)}\n`);
      } else {
        process.stdout.write(formatHistory(repository, history));
      }
      const empty = Object.values(history).every((list) => list.length === 0);
      setExitCode(empty ? 1 : 0);
    });
};

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
