import type { PolicyAnalysis, StatementVerdict, Verdict } from '../policy/types';
import { VERDICTS_WORST_FIRST } from '../policy/types';
import { sha256 } from '../shared/hash';
import type { Finding, FindingKind } from './types';

/** Where a judged document lives. */
export interface FindingPlace {
  kind: FindingKind;
  registryId: string;
  region: string;
  repository: string | null;
}

/**
 * The stable id of a finding: SHA-256 of `registryId|region|kind|repository|policyHash`. The same
 * exposure keeps its id from day to day; a changed policy text gets a new one.
 */
export function findingId(place: FindingPlace, policyHash: string | null): string {
  return sha256(
    [place.registryId, place.region, place.kind, place.repository ?? '', policyHash ?? ''].join(
      '|',
    ),
  );
}

/** Rank of a verdict: 0 is the worst (`public-push`). */
export function severity(verdict: Verdict): number {
  return VERDICTS_WORST_FIRST.indexOf(verdict);
}

/** The worse of two verdicts. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return severity(a) <= severity(b) ? a : b;
}

/**
 * Turns the engine's analysis of one document into a finding, or null when the document is
 * `private` (private documents are never findings).
 */
export function toFinding(
  place: FindingPlace,
  policyText: string,
  analysis: Pick<PolicyAnalysis, 'verdict' | 'statements' | 'reasons'>,
  extra: Pick<Finding, 'publicRepository' | 'registryPolicyScope'> & { notes?: string[] } = {},
): Finding | null {
  if (analysis.verdict === 'private') return null;
  const policyHash = sha256(policyText);
  const statements = analysis.statements.filter((s) => s.verdict !== 'private');
  const { notes, ...rest } = extra;
  return {
    id: findingId(place, policyHash),
    ...place,
    verdict: analysis.verdict,
    statements,
    reasons: [headline(place, analysis.verdict, statements), ...analysis.reasons, ...(notes ?? [])],
    policyHash,
    ...rest,
  };
}

const WHAT: Record<Verdict, string> = {
  'public-push': 'lets any authenticated AWS principal in any account push, delete or change it',
  'public-pull': 'lets any authenticated AWS principal in any account pull images',
  'cross-account': 'grants access to accounts outside the ones you trust',
  restricted: 'grants wide access, narrowed by conditions',
  private: 'grants access only inside the account',
};

/** One sentence saying what the document lets in and which statements do it. */
export function headline(
  place: FindingPlace,
  verdict: Verdict,
  statements: StatementVerdict[],
): string {
  const subject =
    place.kind === 'registry-policy'
      ? `The registry policy of ${place.region}`
      : `The policy of ${place.repository} (${place.region})`;
  const named = statements
    .filter((s) => s.verdict === verdict)
    .map((s) => (s.sid ? `"${s.sid}"` : `#${s.index + 1}`));
  const which = named.length > 0 ? ` (statement ${named.join(', ')})` : '';
  return `${subject} ${WHAT[verdict]}${which}.`;
}
