import { Task, TaskStatus } from '@lit/task';
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
 * Load, abort, retry and error classification of a widget's data, on `@lit/task`:
 * the load runs when its arguments change, a newer run aborts the older one, a
 * disconnect aborts it and a reconnect starts it again.
 */
export class LoadController<A extends readonly unknown[], T> implements ReactiveController {
  readonly #task: Task<A, T>;
  #interrupted = false;

  constructor(host: ReactiveControllerHost, options: LoadOptions<A, T>) {
    host.addController(this);
    this.#task = new Task<A, T>(host, {
      args: options.args,
      task: (args, { signal }) => {
        options.onStart();
        return options.load(args, signal);
      },
      onComplete: (value) => options.onLoad(value),
      onError: (error) => {
        if (!isAbort(error)) options.onError(loadProblem(error), error);
      },
    });
  }

  /** Loads again with the current arguments (the retry button). */
  retry(): Promise<void> {
    return this.#task.run();
  }

  hostConnected(): void {
    // Moved in the DOM while loading: the disconnect aborted the request, so start again.
    if (this.#interrupted) {
      this.#interrupted = false;
      void this.#task.run();
    }
  }

  hostDisconnected(): void {
    if (this.#task.status === TaskStatus.PENDING) {
      this.#interrupted = true;
      this.#task.abort();
    }
  }
}
