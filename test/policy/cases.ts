import { readFileSync } from 'node:fs';
import type { AnalyzeOptions, PolicyKind, Verdict } from '../../src/policy/types';

/** A fixture case: a document, what it is attached to and the verdicts that are right for it. */
export interface PolicyCase {
  id: string;
  kind: PolicyKind;
  verdict?: Verdict;
  verdicts?: Verdict[];
  why: string;
  options?: Pick<AnalyzeOptions, 'trustedAccounts' | 'trustedOrgs'>;
  policy: unknown;
}

/** The owner account every fixture uses. */
export const OWNER = '111122223333';

/** Loads a fixture file from test/fixtures/policies. */
export function loadCases(file: 'corpus.json' | 'extra.json' | 'review.json'): PolicyCase[] {
  return JSON.parse(readFileSync(new URL(`../fixtures/policies/${file}`, import.meta.url), 'utf8'));
}

/** The analysis options for a case. */
export function optionsFor(policyCase: PolicyCase): AnalyzeOptions {
  return { kind: policyCase.kind, ownerAccount: OWNER, ...policyCase.options };
}

/** The verdicts accepted for a case. */
export function acceptedVerdicts(policyCase: PolicyCase): Verdict[] {
  return policyCase.verdicts ?? (policyCase.verdict ? [policyCase.verdict] : []);
}
