import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** Name of the TTL attribute the store writes (epoch seconds) on items that may expire. */
export const TTL_ATTRIBUTE = 'expiresAt';

/** The store's global secondary indexes, as `ensureTable` in src/store/table.ts creates them. */
export const STORE_INDEXES = ['gsi1', 'gsi2'] as const;

/**
 * The store's DynamoDB table: string keys `pk` / `sk` and two sparse indexes with string keys
 * `gsiNpk` / `gsiNsk` projecting everything (single-table design; the layout mirrors
 * src/store/table.ts, which creates the same table locally), on demand, point-in-time recovery, deletion protection, encrypted with the
 * AWS managed key, and retained when the stack is deleted, because it holds the backups needed to
 * revert a remediation and the audit trail.
 */
export class StoreTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const indexName of STORE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: `${indexName}pk`, type: AttributeType.STRING },
        sortKey: { name: `${indexName}sk`, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
