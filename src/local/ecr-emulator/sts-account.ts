import { randomUUID } from 'node:crypto';
import { ApiError, xmlEscape } from './protocol';
import type { EmulatorState } from './state';

/** STS GetCallerIdentity (AWS query protocol): the caller is a user of the estate's account. */
export function getCallerIdentityXml(state: EmulatorState, accessKeyId: string): string {
  return [
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    '<GetCallerIdentityResult>',
    `<Arn>arn:aws:iam::${state.accountId}:user/ecr-check-emulator</Arn>`,
    `<UserId>${xmlEscape(accessKeyId || 'AIDAEMULATOR')}</UserId>`,
    `<Account>${state.accountId}</Account>`,
    '</GetCallerIdentityResult>',
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`,
    '</GetCallerIdentityResponse>',
  ].join('');
}

/** An AWS query protocol error document. */
export function queryErrorXml(error: ApiError): string {
  return [
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    `<Error><Type>Sender</Type><Code>${xmlEscape(error.type)}</Code>`,
    `<Message>${xmlEscape(error.message)}</Message></Error>`,
    `<RequestId>${randomUUID()}</RequestId>`,
    '</ErrorResponse>',
  ].join('');
}

const STATUSES = ['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT'];

/**
 * Account ListRegions (REST JSON, `POST /listRegions`): every region with its opt-in status,
 * filtered by `RegionOptStatusContains`, paged by `MaxResults` (1 to 50) and `NextToken`.
 */
export function listRegions(state: EmulatorState, input: Record<string, unknown>): unknown {
  const filter = input.RegionOptStatusContains as string[] | undefined;
  if (filter?.some((status) => !STATUSES.includes(status))) {
    throw new ApiError('ValidationException', 'RegionOptStatusContains has an unknown status');
  }
  const all = state
    .regionStatuses()
    .filter((entry) => !filter || filter.length === 0 || filter.includes(entry.status));
  const size = (input.MaxResults as number | undefined) ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > 50) {
    throw new ApiError('ValidationException', 'MaxResults must be between 1 and 50');
  }
  const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
  if (!Number.isInteger(start) || start < 0) {
    throw new ApiError('ValidationException', 'NextToken is not valid');
  }
  const page = all.slice(start, start + size);
  return {
    Regions: page.map((entry) => ({ RegionName: entry.region, RegionOptStatus: entry.status })),
    ...(start + size < all.length ? { NextToken: String(start + size) } : {}),
  };
}
