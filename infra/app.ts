import { buildApp } from './build-app';

// Entry point of `npx cdk synth|deploy` (see cdk.json); the CLI synthesizes on exit.
buildApp();
