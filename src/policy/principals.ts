import type { WrittenPrincipal } from './document';

/** Who one written principal stands for. */
export type PrincipalClass =
  | { kind: 'everyone'; written: string }
  | { kind: 'account'; account: string; written: string }
  | { kind: 'service'; service: string; written: string }
  | { kind: 'deleted'; written: string }
  | { kind: 'unknown'; written: string };

/** Unique ids IAM shows in place of a principal that was deleted (role, user, group, ...). */
const DELETED_PRINCIPAL_ID = /^A(ROA|IDA|GPA|IPA|NPA|NVA|SIA|KIA)[A-Z0-9]{12,}$/;
const ACCOUNT_ID = /^\d{12}$/;

/**
 * Classifies a written principal: `*` and ARNs with a wildcard account are everyone, a bare
 * 12-digit id is that account's root, an ARN belongs to the account in its fifth field, `Service`
 * principals are AWS services, and unique ids (`AROA…`, `AIDA…`) of deleted principals grant nobody.
 * Federated and canonical-user principals, and anything unrecognised, cannot be tied to an account.
 */
export function classifyPrincipal(principal: WrittenPrincipal): PrincipalClass {
  const value = principal.value.trim();
  const type = principal.type.toLowerCase();

  if (type === '*' || (value === '*' && type !== 'service')) {
    return { kind: 'everyone', written: '*' };
  }
  if (type === 'service') {
    return { kind: 'service', service: value.toLowerCase(), written: `service:${value}` };
  }
  if (type !== 'aws') return { kind: 'unknown', written: `${type}:${value}` };

  if (ACCOUNT_ID.test(value)) return { kind: 'account', account: value, written: value };
  if (DELETED_PRINCIPAL_ID.test(value)) return { kind: 'deleted', written: value };

  const account = arnAccount(value);
  if (account === undefined) return { kind: 'unknown', written: value };
  if (/[*?]/.test(account)) return { kind: 'everyone', written: value };
  if (ACCOUNT_ID.test(account)) return { kind: 'account', account, written: value };
  return { kind: 'unknown', written: value };
}

/** The account field of an ARN (`arn:partition:service:region:account:resource`), if it is one. */
export function arnAccount(value: string): string | undefined {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0]?.toLowerCase() !== 'arn') return undefined;
  return parts[4];
}

/** True when the account is the owner or one the user trusts. */
export function isOwnAccount(
  account: string,
  options: { ownerAccount: string; trustedAccounts?: readonly string[] },
): boolean {
  return account === options.ownerAccount || (options.trustedAccounts ?? []).includes(account);
}
