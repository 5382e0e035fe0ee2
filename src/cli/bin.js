#!/usr/bin/env node
// Runs the TypeScript CLI straight from source, so a clone works with no build step.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every run under Node.js 20 that its 2027 releases will need 22; the CLI's
// output is read by people and pipelines, so keep it clean (README states the Node.js support).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
