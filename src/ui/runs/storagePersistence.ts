/**
 * Whether the browser keeps the saved runs or may evict them when space runs low. Asking
 * (navigator.storage.persist) is a page-only call, not offered to workers, so the page asks once the
 * first run is saved; the answer is shown in the Runs panel.
 */

/** 'kept': persistent storage granted; 'may-clear': best-effort storage; null: the browser does not say. */
export type Persistence = 'kept' | 'may-clear' | null;

const storage = (): StorageManager | undefined => globalThis.navigator?.storage;

/** What the browser has granted so far, without asking. */
export async function currentPersistence(): Promise<Persistence> {
  const s = storage();
  if (!s?.persisted) return null;
  return (await s.persisted().catch(() => false)) ? 'kept' : 'may-clear';
}

/** Asks for persistent storage (the browser decides, often without a prompt) and says what it granted. */
export async function askToKeep(): Promise<Persistence> {
  const s = storage();
  if (!s?.persist) return null;
  return (await s.persist().catch(() => false)) ? 'kept' : 'may-clear';
}
