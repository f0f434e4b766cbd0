/** application/problem+json responses (RFC 9457) with the contract's stable `code`. */
import type { FieldError } from './contract.js';

export type ProblemCode =
  | 'malformed_json'
  | 'validation_failed'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unknown_organisation'
  | 'unknown_service'
  | 'questionnaire_stale'
  | 'unknown_question'
  | 'missing_required_answer'
  | 'idempotency_key_missing'
  | 'idempotency_conflict'
  | 'origin_not_allowed'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'not_found'
  | 'method_not_allowed'
  | 'internal_error';

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
};

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
