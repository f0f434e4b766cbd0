/**
 * One Server-Sent Events stream per conversation per browser (issue 10): over HTTP/1.1 a browser
 * opens only six connections per origin, so the chats of one conversation (two elements on a
 * page, a same-origin frame, a duplicated tab) share one EventSource. Whoever holds the Web Lock
 * named after the conversation holds the stream and repeats each event on a BroadcastChannel of
 * the same name; the others listen there and send their own POSTs as usual. When the holder goes
 * away (tab closed, frame removed, element disconnected) the browser releases its lock, the next
 * participant in line takes it and opens the stream from its own last message seq, so nothing is
 * lost, and the log deduplicates by seq and client id, so nothing is doubled. The name is the
 * conversation's: a tab hears only its own conversation. Without Web Locks (an insecure context)
 * or BroadcastChannel each participant opens its own stream, as before.
 */
const EVENTS = ['message', 'typing', 'read', 'state', 'queue'] as const;

/**
 * `on(type, data)`: a server event (`message`, `typing`, `read`, `state`, `queue`, with its data),
 * `open` (the stream is (re)connected), `error` (it is not), `follow` (another participant holds it).
 */
export type StreamListener = (type: string, data?: string) => void;

export class SharedStream {
  #closed = new AbortController();
  #source: EventSource | undefined;
  #channel: BroadcastChannel | undefined;

  /** `url()` is read when this participant takes the stream, so it resumes from the latest seq. */
  constructor(name: string, url: () => string, on: StreamListener) {
    const locks = typeof navigator.locks === 'object' ? navigator.locks : undefined;
    if (!locks || typeof BroadcastChannel !== 'function') {
      this.#open(url(), on);
      return;
    }
    const channel = (this.#channel = new BroadcastChannel(name));
    channel.onmessage = (e: MessageEvent<{ type: string; data?: string }>) => {
      if (!this.#source) on(e.data.type, e.data.data);
    };
    const signal = this.#closed.signal;
    const hold = (lock: Lock | null): Promise<unknown> => {
      if (signal.aborted) return Promise.resolve();
      if (!lock) {
        on('follow');
        return locks.request(name, { signal }, hold);
      }
      this.#open(url(), (type, data) => {
        channel.postMessage({ type, data });
        on(type, data);
      });
      // Held until this participant closes (or its document goes away, which releases it too).
      return new Promise((release) => signal.addEventListener('abort', release));
    };
    locks.request(name, { ifAvailable: true }, hold).catch(() => {
      // AbortError: closed while waiting in line.
    });
  }

  #open(url: string, emit: StreamListener): void {
    const source = (this.#source = new EventSource(url));
    for (const type of EVENTS) source.addEventListener(type, (e) => emit(type, (e as MessageEvent<string>).data));
    source.addEventListener('open', () => emit('open'));
    source.addEventListener('error', () => emit('error'));
  }

  /** Leaves the stream: closes it (the next participant in line takes over) or stops listening. */
  close(): void {
    this.#closed.abort();
    this.#source?.close();
    this.#source = undefined;
    this.#channel?.close();
  }
}
