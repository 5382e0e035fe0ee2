import { fileURLToPath } from 'node:url';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root, so entry points resolve the same from the CDK app, tests and the bench. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The three Lambda entry points, by function role. */
export const ENTRY_POINTS = {
  edge: fileURLToPath(new URL('../src/lambda/edge.ts', import.meta.url)),
  worker: fileURLToPath(new URL('../src/lambda/worker.ts', import.meta.url)),
  digest: fileURLToPath(new URL('../src/lambda/digest.ts', import.meta.url)),
} as const;

export type FunctionRole = keyof typeof ENTRY_POINTS;

/** Lambda runtime of every function: the newest Node.js the installed aws-cdk-lib knows. */
export const RUNTIME = Runtime.NODEJS_24_X;

/** esbuild target matching RUNTIME. */
export const ESBUILD_TARGET = 'node24';

/**
 * Lets CommonJS dependencies (Bolt, axios) `require` Node built-ins from inside the ESM bundle;
 * the alias avoids clashing with any `require` binding of the bundled code.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as ecrCheckCreateRequire } from 'node:module'; " +
  'const require = ecrCheckCreateRequire(import.meta.url);';

const NOT_ON_LAMBDA_STUB = './src/lambda/notOnLambda.ts';

/**
 * Packages `@slack/bolt` requires when it loads that no Lambda function can use, each replaced in
 * the bundles by `src/lambda/notOnLambda.ts` (which throws if ever used): Socket Mode with undici,
 * Express, raw-body with iconv-lite, and the OAuth installer, about 1.3 MiB the edge function
 * would otherwise parse on every cold start. Paths are relative to PROJECT_ROOT, esbuild's
 * working directory when NodejsFunction bundles.
 */
export const NOT_ON_LAMBDA: Readonly<Record<string, string>> = {
  '@slack/socket-mode': NOT_ON_LAMBDA_STUB,
  express: NOT_ON_LAMBDA_STUB,
  'raw-body': NOT_ON_LAMBDA_STUB,
  '@slack/oauth': NOT_ON_LAMBDA_STUB,
};

/**
 * esbuild options of every function. Everything is bundled, the AWS SDK included: one minified
 * file loads faster than the runtime's SDK spread over many files, and the version is the one the
 * tests ran against. The coldstart bench uses these same options.
 */
export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: ESBUILD_TARGET,
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: false,
  externalModules: [],
  banner: ESM_REQUIRE_BANNER,
  esbuildArgs: {
    '--alias': Object.entries(NOT_ON_LAMBDA).map(([pkg, stub]) => `${pkg}=${stub}`),
  },
  forceDockerBundling: false,
};
