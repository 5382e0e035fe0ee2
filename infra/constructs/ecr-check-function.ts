import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type IRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  SystemLogLevel,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLING, ENTRY_POINTS, type FunctionRole, PROJECT_ROOT, RUNTIME } from '../bundling';

export interface EcrCheckFunctionProps {
  role: FunctionRole;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  logRetention: RetentionDays;
  /** Retries Lambda itself makes when the function is invoked asynchronously and fails. */
  asyncRetryAttempts: number;
  asyncMaxEventAge: Duration;
}

/**
 * One ecr-check Lambda function: its own role (which starts with nothing but writing to its own
 * log group, so every permission is visible where it is granted), its own log group with a set
 * retention, JSON logs, arm64, the shared esbuild options, and a capped asynchronous retry policy.
 */
export class EcrCheckFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: IRole;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: EcrCheckFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `ecr-check ${props.role} function`,
    });
    this.role = role;

    this.fn = new NodejsFunction(this, 'Function', {
      entry: ENTRY_POINTS[props.role],
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel[props.logLevel],
      systemLogLevelV2: SystemLogLevel.WARN,
      bundling: BUNDLING,
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'ecr-check',
        POWERTOOLS_LOG_LEVEL: props.logLevel,
      },
      retryAttempts: props.asyncRetryAttempts,
      maxEventAge: props.asyncMaxEventAge,
    });

    // After the function, so the grant lands in the role's default policy; scoped to the one
    // log group (its ARN ends in `:*`, covering the streams Lambda names at run time).
    this.logGroup.grantWrite(role);
  }
}
