import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ProblemError } from '../api/errors.js';

/**
 * Thrown by a load function when the element is configured so that no request can succeed
 * (a missing or invalid attribute): the widget shows the configuration error, without retry.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Why a load failed: `config` (fix the page; no retry) or `unavailable` (try again). */
export type LoadProblem = 'config' | 'unavailable';

/** Classifies a load failure once for every widget. */
export function loadProblem(error: unknown): LoadProblem {
  if (error instanceof ConfigurationError) return 'config';
  return error instanceof ProblemError && !error.transient ? 'config' : 'unavailable';
}

const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

export interface LoadOptions<A extends readonly unknown[], T> {
  /** The inputs of the load; a change runs it again (the previous request is aborted). */
  args: () => A;
  /** Fetches what the widget shows; throw ConfigurationError for a configuration the server can never answer. */
  load: (args: A, signal: AbortSignal) => Promise<T>;
  /** A load started (first run, new arguments, or retry). */
  onStart: () => void;
  onLoad: (value: T) => void;
  onError: (problem: LoadProblem, error: unknown) => void;
}

/**
 * Load, abort, retry and error classification of a widget's data: the load runs before an update
 * whose arguments differ from the last run's (compared item by item, as Lit compares
 * properties), a newer run aborts the older one and only the newest may report, a disconnect
 * aborts a pending load and a reconnect starts it again. About 40 lines in place of
 * `@lit/task`, whose general machinery (status rendering, auto-run modes) cost the first view
 * 0.7 KB gzip of the 40 KB budget.
 */
export class LoadController<A extends readonly unknown[], T> implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: LoadOptions<A, T>;
  #lastArgs: A | undefined;
  #abort: AbortController | undefined;
  #pending = false;
  #interrupted = false;

  constructor(host: ReactiveControllerHost, options: LoadOptions<A, T>) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** Loads again with the current arguments (the retry button). */
  retry(): Promise<void> {
    return this.#run(this.#options.args());
  }

  hostUpdate(): void {
    const args = this.#options.args();
    const last = this.#lastArgs;
    if (!last || last.length !== args.length || args.some((value, i) => !Object.is(value, last[i]))) void this.#run(args);
  }

  hostConnected(): void {
    // Moved in the DOM while loading: the disconnect aborted the request, so start again.
    if (this.#interrupted) {
      this.#interrupted = false;
      void this.retry();
    }
  }

  hostDisconnected(): void {
    if (this.#pending) {
      this.#interrupted = true;
      this.#abort?.abort();
    }
  }

  async #run(args: A): Promise<void> {
    this.#lastArgs = args;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#pending = true;
    this.#options.onStart();
    this.#host.requestUpdate();
    try {
      const value = await this.#options.load(args, abort.signal);
      if (abort !== this.#abort || abort.signal.aborted) return;
      this.#options.onLoad(value);
    } catch (error) {
      if (abort !== this.#abort || isAbort(error)) return;
      this.#options.onError(loadProblem(error), error);
    } finally {
      if (abort === this.#abort) this.#pending = false;
      this.#host.requestUpdate();
    }
  }
}
