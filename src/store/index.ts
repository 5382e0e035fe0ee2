/** The store's public surface: open it, then use the Store's methods. */
export {
  DEFAULT_DATA_DIR,
  type EmbeddedStore,
  ensureLocalStore,
  type InMemoryStore,
  startInMemoryStore,
  stopLocalStore,
} from './embedded';
export { LOCAL_TABLE, openStore, openStoreAt } from './open';
export { type RequestTransition, Store } from './store';
export { ensureTable } from './table';
export type * from './types';
export { EXPOSED_STATUSES } from './types';
export type { AuditInput } from './writes';
