import type { Question } from '../../shared/permit-engine/types.js';

/**
 * The explorer's answers and current step live in the page URL, one readable query
 * parameter per answer under the element's `name` prefix (default `pe`):
 *
 *   ?pe.step=attendance&pe.eventType=public-event&pe.startDate=2026-06-12&pe.attendance=5000
 *     &pe.alcohol=yes&pe.specialEffects=fireworks-display,flame-effects
 *
 * - `<name>.step`: a question id, `summary` or `result`.
 * - `<name>.<questionId>`: the answer. Booleans are `yes` / `no`; multiple choices are
 *   comma-separated option values (empty = "none of these"); dates `YYYY-MM-DD`; times
 *   `HH:MM`; numbers in plain decimal. Unknown and malformed values are dropped on read.
 *
 * - `<name>.plain`: `1` when plain language is on (kept so a shared link opens the same way).
 * - `<name>.done`: comma-separated rule ids the organiser has ticked off on the result.
 *
 * Every other query parameter of the host page is left untouched, so two explorers with
 * different names (and the host's own parameters) share one URL.
 */

/** The steps besides the questions themselves. */
export const FIXED_STEPS = ['summary', 'result'] as const;
export type FixedStep = (typeof FIXED_STEPS)[number];
/** A question id, or one of FIXED_STEPS. */
export type Step = string;

export interface UrlState {
  step: Step | undefined;
  answers: Record<string, unknown>;
  /** `<name>.plain=1`: plain language on (absent = the page's default). */
  plain?: boolean | undefined;
  /** `<name>.done=<rule id>,…`: the items the organiser has ticked off. */
  done?: readonly string[];
}

const STEP = 'step';
const PLAIN = 'plain';
const DONE = 'done';
const RULE_ID = /^[a-z0-9][a-zA-Z0-9_.-]{0,79}$/;

function encodeValue(q: Question, value: unknown): string | undefined {
  switch (q.type) {
    case 'boolean':
      return typeof value === 'boolean' ? (value ? 'yes' : 'no') : undefined;
    case 'multiChoice':
      return Array.isArray(value) ? value.map(String).join(',') : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
    default:
      return typeof value === 'string' && value !== '' ? value : undefined;
  }
}

function decodeValue(q: Question, raw: string): unknown {
  switch (q.type) {
    case 'boolean':
      return raw === 'yes' ? true : raw === 'no' ? false : undefined;
    case 'multiChoice':
      return raw === '' ? [] : raw.split(',');
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(raw.trim())) return undefined;
      return Number(raw);
    }
    default:
      return raw === '' ? undefined : raw;
  }
}

/** Reads the answers (typed by the pack's questions) and the step stored under `name`. */
export function readUrlState(
  search: string,
  name: string,
  questions: readonly Question[],
): UrlState & { done: string[]; plain: boolean | undefined } {
  const params = new URLSearchParams(search);
  const answers: Record<string, unknown> = {};
  for (const q of questions) {
    const raw = params.get(`${name}.${q.id}`);
    if (raw === null) continue;
    const value = decodeValue(q, raw);
    if (value !== undefined) answers[q.id] = value;
  }
  const plainRaw = params.get(`${name}.${PLAIN}`);
  const plain = plainRaw === '1' ? true : plainRaw === '0' ? false : undefined;
  const done = [...new Set((params.get(`${name}.${DONE}`) ?? '').split(',').filter((id) => RULE_ID.test(id)))].slice(0, 100);
  return { step: params.get(`${name}.${STEP}`) ?? undefined, answers, plain, done };
}

/**
 * The page's query string with this explorer's parameters replaced by `state` (answers in
 * question order, so equal states give equal URLs). Other parameters keep their order.
 */
export function writeUrlState(search: string, name: string, questions: readonly Question[], state: UrlState): string {
  const params = new URLSearchParams(search);
  for (const key of [...params.keys()]) if (key.startsWith(`${name}.`)) params.delete(key);
  if (state.step) params.set(`${name}.${STEP}`, state.step);
  for (const q of questions) {
    const value = encodeValue(q, state.answers[q.id]);
    if (value !== undefined) params.set(`${name}.${q.id}`, value);
  }
  if (state.plain === true) params.set(`${name}.${PLAIN}`, '1');
  if (state.done?.length) params.set(`${name}.${DONE}`, state.done.join(','));
  const qs = params.toString().replace(/%2C/g, ',');
  return qs ? `?${qs}` : '';
}
