import type { components, operations } from '../../contract/schema.gen.js';
import { NetworkError, ProblemError, problemFromResponse } from './errors.js';
import { takePrefetched } from '../prefetch.js';

export type Schemas = components['schemas'];
export type FeedbackForm = Schemas['FeedbackForm'];
export type FeedbackSubmission = Schemas['FeedbackSubmission'];
export type SelfAssessmentSubmission = Schemas['SelfAssessmentSubmission'];
export type Receipt = Schemas['Receipt'];
export type FeedbackFormQuery = operations['getFeedbackForm']['parameters']['query'];
export type PermitMode = Schemas['PermitModeValue'];
export type PermitPackResponse = Schemas['PermitPackResponse'];
export type ProcessingTimes = Schemas['ProcessingTimes'];
export type ProcessingTimeForecast = Schemas['ProcessingTimeForecast'];

export interface ClientOptions {
  /** Base URL of a server implementing the contract; '' means the page's own origin. */
  baseUrl: string;
  /** Per-attempt timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Extra attempts for requests that are safe to repeat (default 2). */
  retries?: number;
  /** Base delay of the exponential backoff between attempts (default 400 ms). */
  backoffMs?: number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotencyKey?: string;
  /** Sent as `Authorization: Bearer <bearer>` (staff endpoints). */
  bearer?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  retries?: number;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
      },
      { once: true },
    );
  });

/**
 * A small fetch-based client for the Luukku contract. Only requests that are safe to
 * repeat (GET, or POST with an Idempotency-Key) are retried, with exponential backoff.
 */
export class ApiClient {
  readonly baseUrl: string;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #backoffMs: number;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retries = options.retries ?? 2;
    this.#backoffMs = options.backoffMs ?? 400;
  }

  /** GET /v1/feedback/form */
  getFeedbackForm(query: FeedbackFormQuery, signal?: AbortSignal): Promise<FeedbackForm> {
    return this.request<FeedbackForm>('/v1/feedback/form', { query, ...(signal ? { signal } : {}) });
  }

  /** POST /v1/feedback (retried safely thanks to the Idempotency-Key). */
  submitFeedback(
    body: FeedbackSubmission,
    idempotencyKey: string,
    options: Omit<RequestOptions, 'method' | 'body' | 'idempotencyKey'> = {},
  ): Promise<Receipt> {
    return this.request<Receipt>('/v1/feedback', { ...options, method: 'POST', body, idempotencyKey });
  }

  /** POST /v1/self-assessments with the organisation's staff key (`Authorization: Bearer`). */
  submitSelfAssessment(body: SelfAssessmentSubmission, idempotencyKey: string, staffKey: string): Promise<Receipt> {
    return this.request<Receipt>('/v1/self-assessments', { method: 'POST', body, idempotencyKey, bearer: staffKey });
  }

  /** GET /v1/permits/packs/{mode}: the organisation's resolved rule pack (`pack` is a ResolvedPack). */
  getPermitPack(mode: PermitMode, organisation: string, signal?: AbortSignal): Promise<PermitPackResponse> {
    return this.request<PermitPackResponse>(`/v1/permits/packs/${encodeURIComponent(mode)}`, {
      query: { organisation },
      ...(signal ? { signal } : {}),
    });
  }

  /** GET /v1/permits/processing-times: forecasts per rule from past cases. */
  getProcessingTimes(mode: PermitMode, organisation: string, signal?: AbortSignal): Promise<ProcessingTimes> {
    return this.request<ProcessingTimes>('/v1/permits/processing-times', { query: { organisation, mode }, ...(signal ? { signal } : {}) });
  }

  url(path: string, query?: RequestOptions['query']): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = options.method ?? 'GET';
    const repeatable = method === 'GET' || options.idempotencyKey !== undefined;
    const attempts = 1 + (repeatable ? (options.retries ?? this.#retries) : 0);
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) {
        const retryAfter = lastError instanceof ProblemError ? lastError.retryAfter : undefined;
        const delay = retryAfter ? retryAfter * 1000 : this.#backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
        await sleep(delay, options.signal);
      }
      try {
        return await this.#once<T>(method, path, options);
      } catch (error) {
        lastError = error;
        const transient = error instanceof NetworkError ? error.reason !== 'offline' : error instanceof ProblemError && error.transient;
        if (!transient) throw error;
      }
    }
    throw lastError;
  }

  async #once<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    if (typeof navigator !== 'undefined' && !navigator.onLine) throw new NetworkError('offline');
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), options.timeoutMs ?? this.#timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    let response: Response;
    try {
      const url = this.url(path, options.query);
      const init: RequestInit = {
        method,
        headers,
        signal,
        credentials: 'omit',
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      };
      // The same GET, started by the autoloader with the widget's code (src/core/prefetch.ts), is
      // used once; if it failed, ask again.
      const early = method === 'GET' && !options.bearer ? takePrefetched(url) : undefined;
      response = await (early ? early.catch(() => fetch(url, init)) : fetch(url, init));
    } catch (cause) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw new NetworkError(timeout.signal.aborted ? 'timeout' : !navigator.onLine ? 'offline' : 'unreachable', { cause });
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) throw await problemFromResponse(response);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch (cause) {
      // A 2xx with a body we cannot read: treat as unreachable (e.g. a captive portal page).
      throw new NetworkError('unreachable', { cause });
    }
  }
}
