/**
 * The active expiry of holds: every `intervalMs` one sweep (`VenueService.sweep`) lapses the
 * holds whose time is up, promotes the first in each queue whose dates are now free and sends
 * the notices (email log + webhook), without waiting for someone to read the venue. Runs are
 * chained (the next is scheduled when one ends), so two never overlap in one process; several
 * processes on one database are kept apart by the venue's lock taken with SKIP LOCKED (see
 * `sweep`). The timer is unref'd (it never keeps a process alive) and `stop()` waits for a
 * sweep in flight, so a shutdown closes the database only after it.
 */
import type { Logger } from '../logger.js';
import type { SweepResult, VenueService } from './service.js';

export class VenueSweeper {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<SweepResult> | undefined;
  #stopped = false;

  constructor(
    private readonly service: Pick<VenueService, 'sweep'>,
    /** Between the end of one sweep and the start of the next; 0 = no timer (the lazy expiry still applies). */
    readonly intervalMs: number,
    private readonly logger?: Logger,
  ) {}

  /** Starts the timer; the first sweep comes after `firstDelayMs` (default: the interval, at most 10 s). */
  start(firstDelayMs = Math.min(this.intervalMs, 10_000)): void {
    if (this.intervalMs <= 0 || this.#stopped) return;
    this.#schedule(firstDelayMs);
  }

  get running(): boolean {
    return this.#timer !== undefined || this.#running !== undefined;
  }

  /** One sweep now; a call while one runs shares it. */
  runOnce(): Promise<SweepResult> {
    this.#running ??= this.service.sweep().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Stops the timer and resolves when a sweep in flight (and its notices) has finished. Idempotent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => {});
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#stopped) return;
      void this.runOnce()
        .then(
          (r) => {
            if (r.expired || r.promoted) this.logger?.info('venue holds lapsed by the sweep', { ...r });
          },
          (err: unknown) => {
            // A lost database connection or a shutdown race: log it, try again at the next tick.
            if (!this.#stopped) this.logger?.warn('venue sweep failed', { error: err instanceof Error ? err.message : String(err) });
          },
        )
        .finally(() => {
          if (!this.#stopped) this.#schedule(this.intervalMs);
        });
    }, delayMs);
    this.#timer.unref();
  }
}
