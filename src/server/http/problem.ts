/**
 * application/problem+json responses (RFC 9457) with the contract's stable `code`, and the
 * one place that turns a thrown error into an answer: a ProblemError as it is, the database's
 * data errors as 400, a database that does not answer as 503 (the outbox keeps the answer and
 * retries), anything else as 500 (a bug: logged).
 */
import type { ProblemCode } from '../../contract/values.js';
import type { FieldError } from './contract.js';

export type { ProblemCode };

const TITLES: Record<ProblemCode, [status: number, title: string]> = {
  malformed_json: [400, 'The body is not valid JSON'],
  validation_failed: [400, 'The request does not match the contract'],
  unsupported_media_type: [415, 'The body must be application/json'],
  payload_too_large: [413, 'The body is too large'],
  unknown_organisation: [404, 'Unknown organisation'],
  unknown_service: [404, 'Unknown service'],
  questionnaire_stale: [422, 'The questionnaire version is not the current one'],
  unknown_question: [422, 'An answer refers to a question that is not in the questionnaire'],
  missing_required_answer: [422, 'A required question has no answer'],
  idempotency_key_missing: [400, 'A valid Idempotency-Key header is required'],
  idempotency_conflict: [409, 'The Idempotency-Key was already used for a different body'],
  origin_not_allowed: [403, 'This origin may not submit to this organisation'],
  unauthorized: [401, 'A valid staff key is required'],
  forbidden: [403, 'The staff key does not grant access to this organisation'],
  rate_limited: [429, 'Too many requests'],
  not_found: [404, 'Not found'],
  method_not_allowed: [405, 'Method not allowed'],
  internal_error: [500, 'Internal server error'],
  database_unavailable: [503, 'The database does not answer'],
  invalid_transition: [409, 'The state machine does not allow this transition'],
  precondition_failed: [412, 'The resource has changed since it was read (stale If-Match)'],
  precondition_required: [428, 'Send If-Match with the ETag you last read'],
  invalid_date: [422, 'A date is out of order or in the past'],
  unknown_venue: [404, 'Unknown venue'],
  dates_in_past: [422, 'The dates are in the past'],
  dates_reversed: [422, 'The last day is before the first day'],
  stay_too_long: [422, 'The stay is longer than the venue allows'],
  dates_taken: [409, 'The dates are taken'],
  hold_expired: [410, 'The hold has expired'],
  cancel_link_used: [410, 'The cancel link has been used already'],
  reservation_not_pending: [409, 'The reservation is not waiting for a decision'],
  already_claimed: [409, 'Another official has this conversation'],
  conversation_closed: [409, 'The conversation or the desk is closed'],
  unsupported_attachment: [415, 'Attach a JPEG or PNG image or a PDF document'],
  feed_revoked: [410, 'This calendar feed address has been renewed or revoked'],
  forecast_incomplete: [422, 'Give both days of the estimate, or neither to remove it'],
};

/** Seconds a client should wait before repeating a request the database could not take. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export class ProblemError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly status: number = TITLES[code][0],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail ?? TITLES[code][1]);
    this.name = 'ProblemError';
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail?: string;
  errors?: FieldError[];
}

export function problemBody(code: ProblemCode, detail?: string, errors?: FieldError[], status?: number): ProblemBody {
  const [defaultStatus, title] = TITLES[code];
  return {
    type: `https://luukku.example/problems/${code.replace(/_/g, '-')}`,
    title,
    status: status ?? defaultStatus,
    code,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length ? { errors } : {}),
  };
}

export function problemResponse(err: ProblemError, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problemBody(err.code, err.detail, err.errors, err.status)), {
    status: err.status,
    headers: { 'content-type': 'application/problem+json', ...err.headers, ...extraHeaders },
  });
}

/**
 * SQLSTATE classes and Node socket errors that mean "the database is not reachable now":
 * 08 connection exception, 57P01–57P03 shutdown / cannot connect now, 53300 too many
 * connections; ECONNREFUSED and friends from `pg`; a closed PGlite.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|PGlite is closed|Cannot use a pool after calling end/i;

/** 22xxx: data exceptions (invalid byte sequence 22021, datetime overflow 22008, bad format 22007, out of range 22003, …). */
const DATA_EXCEPTION = /^22...$/;

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A database error as the client's problem, or undefined when it is not one we can name (a bug). */
export function databaseProblem(err: unknown): ProblemError | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = errorCode(err);
  if (code !== undefined && DATA_EXCEPTION.test(code)) {
    return new ProblemError('validation_failed', 'A value is outside what the server can store (text, date or number).', [
      { pointer: '/', code: 'data_exception' },
    ]);
  }
  const causes = [err, (err as { cause?: unknown }).cause, ...((err as { errors?: unknown[] }).errors ?? [])];
  for (const e of causes) {
    const c = errorCode(e);
    if (
      (c !== undefined && (UNAVAILABLE_SQLSTATE.test(c) || UNAVAILABLE_ERRNO.has(c))) ||
      (e instanceof Error && UNAVAILABLE_MESSAGE.test(e.message))
    ) {
      return new ProblemError('database_unavailable', 'Nothing was stored; send the same request again in a moment.', undefined, 503, {
        'retry-after': String(DATABASE_RETRY_AFTER_SECONDS),
      });
    }
  }
  return undefined;
}
