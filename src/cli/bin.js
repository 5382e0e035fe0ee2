#!/usr/bin/env node
// Runs the TypeScript CLI straight from source, so a clone works with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
