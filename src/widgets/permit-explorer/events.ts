import type { PermitMode, ProcessingTimeForecast } from '../../core/api/client.js';
import type { Item, Warning } from '../../shared/permit-engine/types.js';

/** An engine item with the server's processing-time forecast (null when none is known). */
export interface ForecastItem extends Item {
  forecast: ProcessingTimeForecast | null;
}

export interface PermitResultDetail {
  organisation: string;
  mode: PermitMode;
  packId: string;
  packVersion: string;
  /** The answers that counted (answers to questions no longer asked are dropped). */
  answers: Record<string, unknown>;
  /** The day deadlines were counted from (YYYY-MM-DD, Europe/Helsinki). */
  today: string;
  result: {
    obligations: ForecastItem[];
    recommendations: ForecastItem[];
    warnings: Warning[];
  };
  // ---- Added in v2 (issue 8). Only additions: every field above keeps its name, type and meaning.
  /** The date (YYYY-MM-DD) from which the pack's facts hold, or null when the pack states none. */
  validFrom: string | null;
  /** Obligations that may still apply once the skipped questions are answered (rule ids, sorted). */
  undecided: string[];
  /** Obligations the organiser has ticked off as done (rule ids, in result order). */
  done: string[];
  /** The event as answered; a field is null when unanswered or when the pack has no such question. */
  event: {
    startDate: string | null;
    startTime: string | null;
    endDate: string | null;
    endTime: string | null;
    /** Option value of the `venue` question, e.g. `public-area`. */
    venue: string | null;
    attendance: number | null;
  };
}

/**
 * Fired on <luukku-permit-explorer> whenever a result is shown (after the last question,
 * on "Show result", or when a bookmarked result URL opens). Bubbles and is composed on
 * purpose: a host page (or the project timeline) listens once on `document`.
 */
export class LuukkuPermitResultEvent extends Event {
  static readonly eventName = 'luukku-permit-result';
  readonly detail: PermitResultDetail;
  constructor(detail: PermitResultDetail) {
    super(LuukkuPermitResultEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'luukku-permit-result': LuukkuPermitResultEvent;
  }
}
