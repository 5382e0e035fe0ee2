import type { ActionSet } from './actions';
import { quoted } from './printable';
import type { PolicyKind } from './types';

/** Who "everyone" is on what the policy is attached to, in words for Slack and the terminal. */
export function everyoneMeans(kind: PolicyKind): string {
  if (kind === 'public') return 'anyone with an AWS account';
  return 'any authenticated AWS principal in any account, not only yours';
}

/** "push (ecr:PutImage, ...)" or "pull (...)" for the worst part of an action set. */
export function describeAccess(actions: ActionSet): string {
  if (actions.push.length > 0)
    return `push, delete or change permissions (${sample(actions.push)})`;
  return `pull or read (${sample(actions.pull)})`;
}

/** Where a grant lands: the repository, or every repository of the registry. */
export function target(kind: PolicyKind): string {
  if (kind === 'registry') return 'every repository in this registry (in this region)';
  if (kind === 'public') return 'this ECR Public repository';
  return 'this repository';
}

/**
 * "statement 2 (\"Sid\")" or "statement 2". The Sid is quoted with control and bidi characters
 * escaped, as the name lands in plain-text reasons and remediation summaries.
 */
export function statementName(index: number, sid: string | null): string {
  return sid ? `statement ${index} (${quoted(sid)})` : `statement ${index}`;
}

function sample(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
