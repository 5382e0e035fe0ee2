import type { TestProject } from 'vitest/node';
import { startInMemoryStore } from '../../src/store/embedded';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the one in-memory DynamoDB Local of this test run (`http://127.0.0.1:PORT`). */
    dynamodbEndpoint: string;
  }
}

/**
 * Starts one in-memory DynamoDB Local (one JVM) for the whole test run and provides its endpoint
 * as `inject('dynamodbEndpoint')`; each test file creates its own table on it.
 */
export default async function setup(project: TestProject) {
  const store = await startInMemoryStore();
  project.provide('dynamodbEndpoint', store.endpoint);
  return async () => {
    await store.stop();
  };
}
