import { buildApp } from './build-app';
import { DeployConfigError } from './config';

// Entry point of `npx cdk synth|deploy` (see cdk.json); the CLI synthesizes on exit.
try {
  buildApp();
} catch (error) {
  // Bad context is the user's to fix: say what is wrong, without a stack trace.
  if (!(error instanceof DeployConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
