import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InMemoryStore, startInMemoryStore } from '../../src/store/embedded';

/** An address of this machine that is not loopback, if it has one. */
function externalAddress(): string | undefined {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) return entry.address;
    }
  }
  return undefined;
}

function tryConnect(host: string, port: number): Promise<'connected' | string> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      done('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

describe('embedded DynamoDB Local', () => {
  let store: InMemoryStore;

  beforeAll(async () => {
    store = await startInMemoryStore();
  });

  afterAll(async () => {
    await store?.stop();
  });

  it('answers on 127.0.0.1', async () => {
    expect(await tryConnect('127.0.0.1', store.port)).toBe('connected');
  });

  it.skipIf(externalAddress() === undefined)('is not reachable on other interfaces', async () => {
    expect(await tryConnect(externalAddress() as string, store.port)).toBe('ECONNREFUSED');
  });
});
