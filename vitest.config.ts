import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/dynamodb.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Keep test output readable: the product logs decisions at info, tests only need warnings.
    env: { ECR_CHECK_LOG_LEVEL: 'WARN' },
  },
});
