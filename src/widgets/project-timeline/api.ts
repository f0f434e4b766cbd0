/**
 * The project API as the timeline uses it: JSON in and out, the ETag of every answer and
 * `If-Match` on every change (the shared client has no PATCH/PUT and does not expose headers).
 * Errors are the core's ProblemError / NetworkError, so messages follow the other widgets.
 */
import { NetworkError, problemFromResponse } from '../../core/api/errors.js';

export interface Answer<T> {
  data: T;
  etag: string | null;
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  ifMatch?: string;
  bearer?: string;
  signal?: AbortSignal;
}

export async function call<T>(base: string, path: string, o: CallOptions = {}): Promise<Answer<T>> {
  if (!navigator.onLine) throw new NetworkError('offline');
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.ifMatch) headers['if-match'] = o.ifMatch;
  if (o.bearer) headers.authorization = `Bearer ${o.bearer}`;
  let res: Response;
  try {
    res = await fetch(base.replace(/\/+$/, '') + path, {
      method: o.method ?? 'GET',
      headers,
      credentials: 'omit',
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError('unreachable', { cause: error });
  }
  if (!res.ok) {
    // A 409 of the state machine names the allowed states (`allowed`, an extension member).
    const copy = res.clone();
    const error = await problemFromResponse(res);
    const body = (await copy.json().catch(() => null)) as { allowed?: unknown } | null;
    if (Array.isArray(body?.allowed)) Object.assign(error, { allowed: body.allowed });
    throw error;
  }
  return { data: (await res.json()) as T, etag: res.headers.get('etag') };
}
