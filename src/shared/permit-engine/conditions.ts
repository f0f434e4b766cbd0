/**
 * Declarative conditions over answers. No code, no eval:
 *
 *   { "all": [c, …] }   every one holds (an empty list holds)
 *   { "any": [c, …] }   at least one holds (an empty list does not)
 *   { "not": c }
 *   { "q": "attendance", "op": "gte", "value": 200 }
 *
 * Ops: eq, ne, gt, gte, lt, lte, in, notIn, between ([min, max], inclusive), includes
 * (a multi-choice answer contains the value), answered, notAnswered.
 *
 * Values: numbers compare as numbers; dates (YYYY-MM-DD) and times of day (HH:MM, 24 h)
 * compare as their canonical strings, which sort in time order; booleans and choices by equality.
 *
 * **Unanswered questions**: every comparison on an unanswered question is false — including
 * `ne` and `notIn` — so a rule never fires on missing data. Only `answered` / `notAnswered`
 * test presence. (`not` still negates: `{not: {q, op: 'eq', …}}` holds when q is unanswered.)
 * A question hidden by its `askIf` counts as unanswered whatever was sent for it.
 */
import type { AnswerValue, Comparison, Condition } from './types.js';

export type Lookup = (questionId: string) => AnswerValue | undefined;

export const OPS: ReadonlySet<string> = new Set([
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'notIn',
  'between',
  'includes',
  'answered',
  'notAnswered',
]);

function same(a: unknown, b: unknown): boolean {
  return a === b;
}

/** -1, 0, 1, or NaN when the two are not comparable (different types, booleans, arrays). */
function order(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return NaN;
}

/** Compare one (present) answer against a comparison. */
export function compare(answer: AnswerValue, c: Comparison): boolean {
  const v = c.value;
  switch (c.op) {
    case 'answered':
      return true;
    case 'notAnswered':
      return false;
    case 'eq':
      return same(answer, v);
    case 'ne':
      return !Array.isArray(answer) && !same(answer, v);
    case 'gt':
      return order(answer, v) > 0;
    case 'gte':
      return order(answer, v) >= 0;
    case 'lt':
      return order(answer, v) < 0;
    case 'lte':
      return order(answer, v) <= 0;
    case 'in':
      return Array.isArray(v) && !Array.isArray(answer) && v.includes(answer);
    case 'notIn':
      return Array.isArray(v) && !Array.isArray(answer) && !v.includes(answer);
    case 'between': {
      if (!Array.isArray(v) || v.length !== 2) return false;
      return order(answer, v[0]) >= 0 && order(answer, v[1]) <= 0;
    }
    case 'includes':
      return Array.isArray(answer) && (typeof v === 'string' ? answer.includes(v) : false);
    default:
      return false;
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Two-valued evaluation: unanswered → comparisons false. A malformed condition is false
 * (packs are validated at load; this only guarantees the engine never throws).
 */
export function holds(cond: Condition | undefined, lookup: Lookup): boolean {
  if (cond === undefined) return true;
  const c: unknown = cond;
  if (!isObject(c)) return false;
  if ('all' in c) {
    const list = c.all;
    if (!Array.isArray(list)) return false;
    for (const x of list as Condition[]) if (!holds(x, lookup)) return false;
    return true;
  }
  if ('any' in c) {
    const list = c.any;
    if (!Array.isArray(list)) return false;
    for (const x of list as Condition[]) if (holds(x, lookup)) return true;
    return false;
  }
  if ('not' in c) return !holds(c.not as Condition, lookup);
  if (typeof c.q !== 'string') return false;
  const a = lookup(c.q);
  if (a === undefined) return c.op === 'notAnswered';
  return compare(a, c as unknown as Comparison);
}

/** Three-valued result: true, false, or null = not known yet. */
export type Tri = boolean | null;

/**
 * Three-valued (Kleene) evaluation: a comparison on a question that is still open (unanswered but
 * not ruled out by its `askIf`) is unknown; on a question that can no longer be asked it is false,
 * as in {@link holds}. Used for "could this rule still apply?".
 */
export function holds3(cond: Condition | undefined, lookup: Lookup, open: (questionId: string) => boolean): Tri {
  if (cond === undefined) return true;
  const c: unknown = cond;
  if (!isObject(c)) return false;
  if ('all' in c) {
    const list = c.all;
    if (!Array.isArray(list)) return false;
    let unknown = false;
    for (const x of list as Condition[]) {
      const r = holds3(x, lookup, open);
      if (r === false) return false;
      if (r === null) unknown = true;
    }
    return unknown ? null : true;
  }
  if ('any' in c) {
    const list = c.any;
    if (!Array.isArray(list)) return false;
    let unknown = false;
    for (const x of list as Condition[]) {
      const r = holds3(x, lookup, open);
      if (r === true) return true;
      if (r === null) unknown = true;
    }
    return unknown ? null : false;
  }
  if ('not' in c) {
    const r = holds3(c.not as Condition, lookup, open);
    return r === null ? null : !r;
  }
  if (typeof c.q !== 'string') return false;
  const a = lookup(c.q);
  if (a === undefined) return open(c.q) ? null : c.op === 'notAnswered';
  return compare(a, c as unknown as Comparison);
}

/** Question ids a condition mentions (in order, with repeats). */
export function referencedQuestions(c: unknown, out: string[] = []): string[] {
  if (!isObject(c)) return out;
  if (Array.isArray(c.all)) for (const x of c.all) referencedQuestions(x, out);
  else if (Array.isArray(c.any)) for (const x of c.any) referencedQuestions(x, out);
  else if ('not' in c) referencedQuestions(c.not, out);
  else if (typeof c.q === 'string') out.push(c.q);
  return out;
}
