import { Option } from 'commander';
import { parseRegionList } from '../../scan/regions';
import { type ScanProgress, scanAccount } from '../../scan/scanner';
import { formatTextReport, hasExposure, nothingScanned } from '../../scan/text-report';
import type { RegisterCommand } from '../main';

/**
 * `ecr-check scan [--regions r1,r2] [--format text|json]`: scans the account and prints the
 * findings. Exit status 0 when nothing worse than `restricted` was found, 1 when there are
 * findings, 2 when the scan could not run (no credentials, bad regions, every region failed).
 */
export const registerScan: RegisterCommand = (program, setExitCode) => {
  program
    .command('scan')
    .description(
      'Find repository policies, registry policies and ECR Public repositories open to others.',
    )
    .option(
      '--regions <list>',
      'comma-separated regions (default: ECR_CHECK_REGIONS, else every region enabled for the account)',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .action(async (options: { regions?: string; format: 'text' | 'json' }) => {
      const regions = options.regions === undefined ? undefined : parseRegionList(options.regions);
      const started = performance.now();
      const progress = process.stderr.isTTY ? progressLine() : undefined;

      const result = await scanAccount({
        ...(regions ? { regions } : {}),
        ...(progress ? { onProgress: progress.update } : {}),
      }).finally(() => progress?.clear());

      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        process.stdout.write(formatTextReport(result, performance.now() - started));
      }
      if (nothingScanned(result, true)) {
        process.stderr.write('ecr-check: the scan could not read any region (see the errors).\n');
        setExitCode(2);
      } else {
        setExitCode(hasExposure(result) ? 1 : 0);
      }
    });
};

/** A single progress line on stderr, redrawn at most ten times a second. */
function progressLine() {
  let last = 0;
  const draw = (p: ScanProgress) =>
    process.stderr.write(
      `\rscanning: ${p.regionsDone}/${p.regionsTotal} regions done, ` +
        `${p.repositoriesRead.toLocaleString('en-US')} repositories, ` +
        `${p.policiesRead.toLocaleString('en-US')} policies read`,
    );
  return {
    update: (p: ScanProgress) => {
      const now = performance.now();
      if (now - last < 100 && p.regionsDone < p.regionsTotal) return;
      last = now;
      draw(p);
    },
    clear: () => process.stderr.write('\r\x1b[2K'),
  };
}
