import { EcrCheckError } from '../shared/errors';

/**
 * Turns a DynamoDB SDK error into an EcrCheckError: a failed condition is `store-conflict` (someone
 * else changed the item first), throttling `aws-throttled`, denied `aws-access-denied`, a missing
 * table or an unreachable endpoint `store-unavailable`.
 */
export function mapDynamoError(error: unknown, table: string): EcrCheckError {
  if (error instanceof EcrCheckError) return error;
  const name = (error as { name?: string }).name ?? '';
  const message = (error as { message?: string }).message ?? String(error);

  if (name === 'ConditionalCheckFailedException' || isConditionalCancel(error)) {
    return new EcrCheckError('store-conflict', 'The record was changed by someone else first.', {
      cause: error,
    });
  }
  if (name === 'TransactionCanceledException' || name === 'TransactionConflictException') {
    return new EcrCheckError('store-conflict', 'A concurrent change to the same record won.', {
      cause: error,
      details: { retryable: true },
    });
  }
  if (
    name === 'ProvisionedThroughputExceededException' ||
    name === 'ThrottlingException' ||
    name === 'RequestLimitExceeded'
  ) {
    return new EcrCheckError('aws-throttled', `DynamoDB is throttling requests: ${message}`, {
      cause: error,
    });
  }
  if (name === 'AccessDeniedException' || name === 'UnrecognizedClientException') {
    return new EcrCheckError('aws-access-denied', `Access to table ${table} denied: ${message}`, {
      cause: error,
    });
  }
  if (name === 'ResourceNotFoundException') {
    return new EcrCheckError(
      'store-unavailable',
      `The DynamoDB table ${table} does not exist. Check DYNAMODB_TABLE (and ` +
        'AWS_ENDPOINT_URL_DYNAMODB), or unset it to use the local store.',
      { cause: error },
    );
  }
  return new EcrCheckError('store-unavailable', `The store could not be reached: ${message}`, {
    cause: error,
  });
}

/** True when a transaction was cancelled because one of its conditions failed. */
export function isConditionalCancel(error: unknown): boolean {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return (
    Array.isArray(reasons) && reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')
  );
}
