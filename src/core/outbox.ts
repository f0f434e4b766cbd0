import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import { setOutboxHint } from './outbox-hint.js';

/** One submission waiting on this device. The idempotency key is made once, at submit. */
export interface OutboxEntry {
  /** Equals idempotencyKey; the key in IndexedDB. */
  id: string;
  url: string;
  body: unknown;
  idempotencyKey: string;
  /** What the entry belongs to, e.g. 'feedback:demo-pelastuslaitos/fire-inspection'. */
  topic: string;
  createdAt: number;
  attempts: number;
  lastError?: string;
}

/** A submission the server refused for good (a 4xx that can never succeed); kept for the UI. */
export interface OutboxFailure {
  entry: OutboxEntry;
  status: number;
  code?: string;
  failedAt: number;
}

/** Result of one delivery attempt, as reported by a sender. */
export type SendResult = { ok: true; status: number; response: unknown } | { ok: false; status: number; code?: string }; // status 0 = no answer (network)

export type Sender = (entry: OutboxEntry) => Promise<SendResult>;

export interface OutboxEventMap {
  queued: CustomEvent<{ entry: OutboxEntry }>;
  delivered: CustomEvent<{ entry: OutboxEntry; response: unknown }>;
  failed: CustomEvent<{ failure: OutboxFailure }>;
}

const ENTRY = 'entry:';
const FAILURE = 'failure:';
let store: UseStore | undefined;
const db = (): UseStore => (store ??= createStore('luukku-outbox', 'entries'));

/** Outbox events: queued → delivered (or failed). Also relayed between tabs. */
export const outboxEvents = new EventTarget();
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('luukku-outbox') : undefined;
channel?.addEventListener('message', (event: MessageEvent<{ type: keyof OutboxEventMap; detail: unknown }>) => {
  outboxEvents.dispatchEvent(new CustomEvent(event.data.type, { detail: event.data.detail }));
});

function emit<K extends keyof OutboxEventMap>(type: K, detail: OutboxEventMap[K]['detail']): void {
  outboxEvents.dispatchEvent(new CustomEvent(type, { detail }));
  channel?.postMessage({ type, detail });
}

/** Default sender: POST the JSON body with its Idempotency-Key. */
export const fetchSender: Sender = async (entry) => {
  try {
    const response = await fetch(entry.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': entry.idempotencyKey },
      body: JSON.stringify(entry.body),
      credentials: 'omit',
      signal: AbortSignal.timeout(15_000),
    });
    const json: unknown = await response.json().catch(() => undefined);
    if (response.ok) return { ok: true, status: response.status, response: json };
    const code = (json as { code?: unknown } | undefined)?.code;
    return { ok: false, status: response.status, ...(typeof code === 'string' ? { code } : {}) };
  } catch {
    return { ok: false, status: 0 };
  }
};

/** Stores a submission for later delivery and reports `queued`. */
export async function enqueue(entry: Omit<OutboxEntry, 'id' | 'createdAt' | 'attempts'>): Promise<OutboxEntry> {
  const stored: OutboxEntry = { ...entry, id: entry.idempotencyKey, createdAt: Date.now(), attempts: 0 };
  await set(ENTRY + stored.id, stored, db());
  setOutboxHint(true);
  emit('queued', { entry: stored });
  listen();
  scheduleRetry(0);
  return stored;
}

/** Entries still waiting, oldest first (optionally only one topic). */
export async function pending(topic?: string): Promise<OutboxEntry[]> {
  const all = await entries<string, OutboxEntry>(db());
  return all
    .filter(([key, value]) => key.startsWith(ENTRY) && (!topic || value.topic === topic))
    .map(([, value]) => value)
    .sort((a, b) => a.createdAt - b.createdAt);
}

/** Submissions the server refused for good. */
export async function failures(topic?: string): Promise<OutboxFailure[]> {
  const all = await entries<string, OutboxFailure>(db());
  return all.filter(([key, value]) => key.startsWith(FAILURE) && (!topic || value.entry.topic === topic)).map(([, v]) => v);
}

/** Forgets a recorded failure once the UI has shown it. */
export async function dismissFailure(id: string): Promise<void> {
  await del(FAILURE + id, db());
  await updateHint();
}

/** Keeps the localStorage hint (./outbox-hint.ts) true while anything is stored. */
async function updateHint(): Promise<void> {
  setOutboxHint((await entries(db())).length > 0);
}

const permanent = (status: number): boolean => status >= 400 && status < 500 && status !== 408 && status !== 425 && status !== 429;

let running: Promise<number> | undefined;
let again = false;

/**
 * Delivers every waiting entry once. An entry is deleted only after a 2xx, or after a 4xx
 * that can never succeed (then a failure record is kept). Network errors, 5xx and 429 leave
 * it for the next flush. Concurrent flushes are folded in this tab and, through Web Locks,
 * across tabs. Resolves with the number of entries still waiting.
 */
export function flush(sender: Sender = fetchSender): Promise<number> {
  if (running) {
    again = true;
    return running;
  }
  const run = async (): Promise<number> => {
    let left = 0;
    do {
      again = false;
      left = await withLock(() => deliverAll(sender));
      // `again` is set by flush() calls made while this run was delivering.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    } while (again);
    return left;
  };
  running = run().finally(() => (running = undefined));
  return running;
}

async function withLock(task: () => Promise<number>): Promise<number> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return task();
  // If another tab is delivering, let it; our entries are the same IndexedDB rows.
  const result = await locks.request('luukku-outbox', { ifAvailable: true }, async (lock) => (lock ? task() : -1));
  if (result === -1) {
    scheduleRetry(1);
    return (await pending()).length;
  }
  return result;
}

async function deliverAll(sender: Sender): Promise<number> {
  let left = 0;
  for (const listed of await pending()) {
    // Re-read: another tab may have delivered it meanwhile.
    const entry = await get<OutboxEntry>(ENTRY + listed.id, db());
    if (!entry) continue;
    const result = await sender(entry);
    if (result.ok) {
      await del(ENTRY + entry.id, db());
      emit('delivered', { entry, response: result.response });
    } else if (permanent(result.status)) {
      const failure: OutboxFailure = { entry, status: result.status, failedAt: Date.now(), ...(result.code ? { code: result.code } : {}) };
      await set(FAILURE + entry.id, failure, db());
      await del(ENTRY + entry.id, db());
      emit('failed', { failure });
    } else {
      await set(
        ENTRY + entry.id,
        { ...entry, attempts: entry.attempts + 1, lastError: result.status ? `HTTP ${result.status}` : 'network' },
        db(),
      );
      left++;
    }
  }
  if (left > 0) scheduleRetry();
  else retryStep = 0;
  await updateHint();
  return left;
}

// Retry timer with exponential backoff: 5 s, 10 s, 20 s … capped at 5 minutes.
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retryStep = 0;
function scheduleRetry(step?: number): void {
  if (step !== undefined) retryStep = step;
  clearTimeout(retryTimer);
  const delay = Math.min(5_000 * 2 ** retryStep, 300_000);
  retryStep++;
  retryTimer = setTimeout(() => void flush(activeSender), delay);
}

let activeSender: Sender = fetchSender;
let started = false;

/**
 * Starts automatic delivery (idempotent): flushes now, on every `online` event and on the
 * retry timer. Widgets call this when they connect, so a page reload delivers too.
 */
export function startOutbox(sender: Sender = fetchSender): Promise<number> {
  activeSender = sender;
  listen();
  return flush(activeSender);
}

/** Delivers on every `online` event from now on (idempotent). */
function listen(): void {
  if (started) return;
  started = true;
  window.addEventListener('online', () => void flush(activeSender));
}

/** Removes every waiting entry and failure record (e.g. "forget my unsent answers"; tests). */
export async function clearOutbox(): Promise<void> {
  const all = await entries<string, unknown>(db());
  await Promise.all(all.map(([key]) => del(key, db())));
  setOutboxHint(false);
}
