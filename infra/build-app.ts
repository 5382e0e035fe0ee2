import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeployConfig } from './config';
import { EcrCheckStack } from './stack';

/** Name of the CloudFormation stack. */
export const STACK_NAME = 'EcrCheck';

/**
 * Builds the CDK app: the ecr-check stack from the context's settings, checked by cdk-nag's AWS
 * Solutions rules (a finding that is not acknowledged with a reason stops the synth).
 */
export function buildApp(props: AppProps = {}): { app: App; stack: EcrCheckStack } {
  const app = new App(props);
  const config = readDeployConfig(app.node);

  const stack = new EcrCheckStack(app, STACK_NAME, {
    config,
    description: 'ecr-check: finds and fixes public Amazon ECR repositories from Slack',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  return { app, stack };
}
