/**
 * Notices about a reservation: an email to the organiser (the demo writes it to the log and to
 * `venue_notices` instead of sending it) and, when configured, a webhook signed with HMAC-SHA256.
 * Every notice carries the cancel link. Notices are recorded inside the transaction that
 * changed the reservation and delivered after it commits; a failed webhook is logged, never
 * turned into an error of the request.
 */
import { createHmac } from 'node:crypto';
import type { Queryable } from '../db/index.js';
import type { Logger } from '../logger.js';

export type NoticeEvent = 'hold-created' | 'queued' | 'promoted' | 'confirmed' | 'rejected' | 'cancelled' | 'expired';

export interface Notice {
  event: NoticeEvent;
  reservationId: string;
  venueId: string;
  startDate: string;
  endDate: string;
  email: string;
  name: string;
  locale: string;
  cancelUrl: string;
  expiresAt?: string;
  position?: number;
  note?: string;
}

export interface WebhookTarget {
  url: string;
  secret: string;
}

/** What sends a webhook (fetch by default; tests pass a recorder). */
export type WebhookSender = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }) => Promise<unknown>;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — the receiver recomputes it with the shared secret. */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

const SUBJECTS: Record<NoticeEvent, string> = {
  'hold-created': 'Alustava varaus tehty / Preliminary reservation made',
  queued: 'Olet jonossa / You are in the queue',
  promoted: 'Vuorosi tuli: alustava varaus tehty / Your turn: preliminary reservation made',
  confirmed: 'Varaus vahvistettu / Reservation confirmed',
  rejected: 'Varausta ei hyväksytty / Reservation not accepted',
  cancelled: 'Varaus peruttu / Reservation cancelled',
  expired: 'Alustava varaus raukesi / Preliminary reservation lapsed',
};

export class Notifier {
  constructor(
    private readonly logger: Logger,
    private readonly webhook: WebhookTarget | undefined,
    private readonly send: WebhookSender,
  ) {}

  /** Records the notice (email, and webhook when configured); returns what to deliver after commit. */
  async record(tx: Queryable, n: Notice, now: Date): Promise<() => Promise<void>> {
    const email = {
      to: n.email,
      subject: SUBJECTS[n.event],
      text: [
        `${n.name},`,
        `${n.venueId}: ${n.startDate} – ${n.endDate} (${n.event})`,
        n.position ? `Jonossa / Queue position: ${n.position}` : '',
        n.expiresAt ? `Voimassa / Valid until: ${n.expiresAt}` : '',
        n.note ?? '',
        `Peru varaus / Cancel: ${n.cancelUrl}`,
      ]
        .filter(Boolean)
        .join('\n'),
    };
    await tx.query(
      'INSERT INTO venue_notices (reservation_id, event, channel, recipient, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [n.reservationId, n.event, 'email', n.email, JSON.stringify(email), now],
    );
    const payload = JSON.stringify({
      event: `venue.reservation.${n.event}`,
      at: now.toISOString(),
      reservation: {
        id: n.reservationId,
        venue: n.venueId,
        startDate: n.startDate,
        endDate: n.endDate,
        ...(n.expiresAt ? { expiresAt: n.expiresAt } : {}),
        ...(n.position ? { position: n.position } : {}),
      },
      cancelUrl: n.cancelUrl,
    });
    const hook = this.webhook;
    if (hook) {
      await tx.query(
        'INSERT INTO venue_notices (reservation_id, event, channel, recipient, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [n.reservationId, n.event, 'webhook', hook.url, payload, now],
      );
    }
    return async () => {
      // The demo sends no email: the notice goes to the log (and stays in venue_notices).
      this.logger.info('venue notice (email, demo: not sent)', {
        event: n.event,
        reservation: n.reservationId,
        to: n.email,
        cancelUrl: n.cancelUrl,
      });
      if (!hook) return;
      try {
        await this.send(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-luukku-event': `venue.reservation.${n.event}`,
            'x-luukku-signature': signWebhook(hook.secret, payload, now),
          },
          body: payload,
        });
      } catch (err) {
        this.logger.warn('venue webhook failed', {
          event: n.event,
          reservation: n.reservationId,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    };
  }
}
