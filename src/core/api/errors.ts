import type { components } from '../../contract/schema.gen.js';

type Problem = components['schemas']['Problem'];

/** Stable machine-readable problem codes of the contract, plus `unknown` for anything else. */
export type ProblemCode = Problem['code'] | 'unknown';

/** One invalid field of a problem response: a JSON Pointer into the request body. */
export interface ProblemFieldError {
  pointer: string;
  code: string;
  message?: string;
}

/** Why a request never got an HTTP answer. */
export type NetworkFailure = 'offline' | 'unreachable' | 'timeout';

/** Base class of every error the API client throws (besides the caller's own AbortError). */
export abstract class ApiError extends Error {
  /** True when the same request may succeed later without changes (offline, timeout, 5xx, 429). */
  abstract readonly transient: boolean;
}

/** The server could not be reached: offline, DNS/connection failure or timeout. */
export class NetworkError extends ApiError {
  override readonly name = 'NetworkError';
  readonly transient = true;
  constructor(
    readonly reason: NetworkFailure,
    options?: { cause?: unknown },
  ) {
    super(`Network request failed: ${reason}`, options);
  }
}

/** The server answered with an error status; `problem+json` bodies are parsed into the fields. */
export class ProblemError extends ApiError {
  override readonly name = 'ProblemError';
  readonly status: number;
  readonly code: ProblemCode;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly ProblemFieldError[];
  /** Seconds from `Retry-After`, when the server sent one. */
  readonly retryAfter: number | undefined;

  constructor(init: {
    status: number;
    code?: string | undefined;
    title?: string | undefined;
    detail?: string | undefined;
    errors?: readonly ProblemFieldError[] | undefined;
    retryAfter?: number | undefined;
  }) {
    super(init.title ?? `HTTP ${init.status}`);
    this.status = init.status;
    this.code = isProblemCode(init.code) ? init.code : 'unknown';
    this.title = init.title ?? `HTTP ${init.status}`;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter;
  }

  /** 5xx, 408 and 429 may succeed later; other 4xx never will without a change. */
  get transient(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

/**
 * A well-formed code is taken as the server sent it: the contract's list of codes
 * (src/contract/values.ts) stays out of the browser runtime (about 60 codes that every widget
 * would download), and a code newer than this client only ever meets lookups and comparisons
 * that fall back to a general message. A missing or malformed code is `unknown`.
 */
function isProblemCode(code: unknown): code is Problem['code'] {
  return typeof code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(code);
}

/** Builds a ProblemError from a failed response, reading problem+json when present. */
export async function problemFromResponse(response: Response): Promise<ProblemError> {
  let body: Partial<Problem> = {};
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      body = (await response.json()) as Partial<Problem>;
    } catch {
      // A broken error body still leaves the status to act on.
    }
  }
  const retryAfterHeader = Number(response.headers.get('retry-after'));
  return new ProblemError({
    status: response.status,
    code: body.code,
    title: body.title ?? (response.statusText || undefined),
    detail: body.detail,
    errors: Array.isArray(body.errors) ? body.errors : [],
    retryAfter: Number.isFinite(retryAfterHeader) && retryAfterHeader > 0 ? retryAfterHeader : undefined,
  });
}
