import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../../infra/build-app';
import type { EcrCheckStack } from '../../infra/stack';

/** The context `npx cdk synth` would use: cdk.json's, with the test's values on top. */
export function cdkContext(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
  return { ...cdkJson.context, ...overrides };
}

export interface Synthesized {
  stack: EcrCheckStack;
  assembly: CloudAssembly;
  outdir: string;
  /** Logical id of a construct's CloudFormation resource. */
  logicalId(element: { node: { defaultChild?: unknown } }): string;
}

/**
 * Synthesizes the whole app (bundling included) into a temporary directory, offline: the stack is
 * environment-agnostic and needs no lookups, and esbuild runs locally.
 */
export function synthesize(overrides: Record<string, unknown> = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'ecr-check-cdk-'));
  const { app, stack } = buildApp({ context: cdkContext(overrides), outdir });
  const assembly = app.synth();
  return {
    stack,
    assembly,
    outdir,
    logicalId: (element) => stack.getLogicalId(element.node.defaultChild as CfnElement),
  };
}
