import type { FeedbackSubmission, Receipt, SelfAssessmentSubmission } from '../../core/api/client.js';
import type { Respondent } from './validation.js';

/*
 * All three events bubble and are composed on purpose: a host page listens once on
 * `document` (or on any ancestor), even when the widget sits inside another component's
 * shadow root. They are dispatched on the <luukku-feedback> element itself.
 */

/** Fired before the answer is sent. Cancelable: `preventDefault()` vetoes the submit (nothing is sent or stored). */
export class LuukkuFeedbackBeforeSubmitEvent extends Event {
  static readonly eventName = 'luukku-feedback-before-submit';
  /** The body that is about to be sent: a FeedbackSubmission, or a SelfAssessmentSubmission in staff mode. */
  readonly submission: Readonly<FeedbackSubmission | SelfAssessmentSubmission>;
  /** `customer` (POST /v1/feedback) or `staff` (POST /v1/self-assessments). */
  readonly respondent: Respondent;
  constructor(submission: FeedbackSubmission | SelfAssessmentSubmission, respondent: Respondent) {
    super(LuukkuFeedbackBeforeSubmitEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.submission = submission;
    this.respondent = respondent;
  }
}

export interface FeedbackSubmittedDetail {
  receipt: Receipt;
  idempotencyKey: string;
  /** True when the offline outbox delivered it later, rather than the submit itself. */
  fromOutbox: boolean;
  /** `customer` (feedback) or `staff` (a self-assessment). */
  respondent: Respondent;
}

/** Fired when the server has stored the answer (directly, or later from the outbox). */
export class LuukkuFeedbackSubmittedEvent extends Event {
  static readonly eventName = 'luukku-feedback-submitted';
  readonly detail: FeedbackSubmittedDetail;
  constructor(detail: FeedbackSubmittedDetail) {
    super(LuukkuFeedbackSubmittedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

export interface FeedbackQueuedDetail {
  idempotencyKey: string;
  /** Why it was queued: no connection, server unreachable/timeout, or a temporary server error. */
  reason: 'offline' | 'unreachable' | 'timeout' | 'server';
}

/** Fired when the answer could not be sent now and was saved on the device for automatic delivery. */
export class LuukkuFeedbackQueuedEvent extends Event {
  static readonly eventName = 'luukku-feedback-queued';
  readonly detail: FeedbackQueuedDetail;
  constructor(detail: FeedbackQueuedDetail) {
    super(LuukkuFeedbackQueuedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'luukku-feedback-before-submit': LuukkuFeedbackBeforeSubmitEvent;
    'luukku-feedback-submitted': LuukkuFeedbackSubmittedEvent;
    'luukku-feedback-queued': LuukkuFeedbackQueuedEvent;
  }
}
