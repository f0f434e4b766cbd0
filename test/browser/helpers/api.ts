import questionnaire from '../../../src/data/questionnaires/national-rescue-feedback.v1.json';
import type { FeedbackForm } from '../../../src/core/api/client.js';

export const API = 'http://api.test';

export const form: FeedbackForm = {
  organisation: { id: 'demo-pelastuslaitos', name: { fi: 'Esimerkkilaakson pelastuslaitos', sv: 'Räddningsverket i Exempeldalen', se: 'Ovdamearkaleagi gádjunlágádus', en: 'Exampledale Rescue Department' } },
  service: { id: 'fire-inspection', type: 'fire-inspection', name: { fi: 'Palotarkastus', 'fi-plain': 'Paloturvallisuuden tarkastus', sv: 'Brandsyn', se: 'Buollinbearráigeahčču', en: 'Fire inspection' } },
  questionnaire: {
    id: questionnaire.id,
    version: questionnaire.version,
    freeTextMaxLength: questionnaire.freeTextMaxLength,
    questions: questionnaire.questions as FeedbackForm['questionnaire']['questions'],
  },
};

export interface Call {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

type Handler = (call: Call) => Response | Promise<Response> | 'network-error' | 'hang';

const json = (status: number, body: unknown, type = 'application/json'): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

export const ok = (body: unknown, status = 200): Response => json(status, body);
export const problem = (status: number, code: string, errors?: { pointer: string; code: string }[]): Response =>
  json(status, { type: `https://luukku.example/problems/${code}`, title: code, status, code, ...(errors ? { errors } : {}) }, 'application/problem+json');
export const receipt = { id: '0b5e7c0e-1d7e-4a35-9d8c-6a1f9a2b3c4d', receivedAt: '2026-03-14T10:32:00Z' };

/**
 * Replaces window.fetch with a router over two endpoints. Returns the recorded calls and
 * a restore function. Handlers can be swapped while a test runs.
 */
export function mockApi(handlers: { form?: Handler; submit?: Handler } = {}) {
  const original = window.fetch.bind(window);
  const calls: Call[] = [];
  const routes = {
    form: handlers.form ?? (() => ok(form)),
    submit: handlers.submit ?? (() => ok(receipt, 201)),
  };
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = init?.method ?? 'GET';
    const call: Call = { method, url, headers: new Headers(init?.headers), body: init?.body ? JSON.parse(init.body as string) : undefined };
    calls.push(call);
    const handler = url.includes('/v1/feedback/form') ? routes.form : routes.submit;
    const result = await handler(call);
    if (result === 'network-error') throw new TypeError('Failed to fetch');
    if (result === 'hang') {
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
    }
    return result;
  };
  return {
    calls,
    posts: () => calls.filter((c) => c.method === 'POST'),
    set(route: 'form' | 'submit', handler: Handler) {
      routes[route] = handler;
    },
    restore() {
      window.fetch = original;
    },
  };
}
