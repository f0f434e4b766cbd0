/**
 * A one-flag hint in localStorage that this origin's outbox may hold something, so a
 * widget loads the outbox (IndexedDB, idb-keyval) at start only on a device that has
 * queued an answer before. A user who never goes offline never downloads it.
 */
const KEY = 'luukku-outbox';

/** True when the outbox may hold waiting answers or failure records (or when the hint cannot be read). */
export function outboxMayHold(): boolean {
  try {
    return localStorage.getItem(KEY) !== null;
  } catch {
    return true; // no storage access: look in the outbox itself
  }
}

/** Records whether the outbox holds anything (called by the outbox). */
export function setOutboxHint(holds: boolean): void {
  try {
    if (holds) localStorage.setItem(KEY, '1');
    else localStorage.removeItem(KEY);
  } catch {
    // No storage access: outboxMayHold() answers true.
  }
}
