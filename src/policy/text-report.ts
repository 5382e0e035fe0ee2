import { printable, quoted } from './printable';
import type { PolicyAnalysis } from './types';

/**
 * A terminal-readable report: the verdict, document notes, then each statement with its reasons.
 * Every line is passed through `printable`, because Sids, principals, actions and condition keys
 * and values come from the policy and may hold escape sequences or bidi overrides.
 */
export function formatAnalysisText(analysis: PolicyAnalysis, source: string): string {
  const lines = [`${source}: ${analysis.verdict} (${analysis.kind} policy)`];
  for (const reason of analysis.reasons) lines.push(`  ${reason}`);

  for (const statement of analysis.statements) {
    const sid = statement.sid === null ? '' : ` ${quoted(statement.sid)}`;
    lines.push(
      '',
      `statement ${statement.index}${sid} (${statement.effect}): ${statement.verdict}`,
    );
    for (const reason of statement.reasons) lines.push(`  - ${reason}`);
  }
  return `${lines.map(printable).join('\n')}\n`;
}
