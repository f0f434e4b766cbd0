/**
 * Small pure helpers between the engine's result and what the explorer shows: valid
 * values, today's date in Helsinki, the reason behind a traffic light, adaptive steps.
 */
import { PERMIT_MODES, type PermitMode } from '../../contract/values.js';
import { normaliseAnswer } from '../../shared/permit-engine/evaluate.js';
import type { Item, Question, ResolvedPack, Result } from '../../shared/permit-engine/types.js';
import { isIsoDate } from '../../shared/date-parts.js';
import { FIXED_STEPS, type Step } from './url-state.js';

/** The two modes of the explorer, declared once in the contract's values (type, runtime check, stories, tests). */
export { PERMIT_MODES };
export type PermitExplorerMode = PermitMode;

/** Every state the widget can be in (also the names of its custom CSS states). */
export const PERMIT_EXPLORER_STATES = ['loading', 'load-error', 'ready'] as const;
export type PermitExplorerState = (typeof PERMIT_EXPLORER_STATES)[number];

/** Why an item has its light; each reason has its own text and icon, never colour alone. */
export type LightReason = 'ok' | 'close' | 'missing' | 'caution' | 'late' | 'obstacle';

export function lightReason(item: Item): LightReason {
  if (item.daysLeft !== null && item.daysLeft < 0) return 'late';
  if (item.light === 'red') return 'obstacle';
  if (item.light === 'amber') {
    if (item.missing.length > 0 || item.latestSubmission === null) return 'missing';
    if (item.obstacles.length > 0) return 'caution';
    return 'close';
  }
  return 'ok';
}

/** True when the question has a well-typed answer the engine counts. */
export function isAnswered(q: Question, answers: Readonly<Record<string, unknown>>): boolean {
  return normaliseAnswer(q, answers[q.id]) !== undefined;
}

/** Only the answers that count: visible questions with well-typed values. */
export function pruneAnswers(pack: ResolvedPack, result: Result, answers: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const id of result.visibleQuestions) {
    const q = pack.questions.find((x) => x.id === id);
    if (q && isAnswered(q, answers)) out[id] = answers[id];
  }
  return out;
}

/** A step that exists for these answers: a visible question, the summary or the result. */
export function isValidStep(step: Step | undefined, result: Result): step is Step {
  return step !== undefined && ((FIXED_STEPS as readonly string[]).includes(step) || result.visibleQuestions.includes(step));
}

/**
 * The step after question `id`: the next visible question in order, or — when the person
 * came from the summary to change one answer — the next question that still has no answer
 * (a new one the change revealed), else the summary.
 */
export function stepAfter(
  pack: ResolvedPack,
  result: Result,
  answers: Readonly<Record<string, unknown>>,
  id: string,
  changing: boolean,
): Step {
  const visible = result.visibleQuestions;
  const rest = visible.slice(visible.indexOf(id) + 1);
  if (!changing) return rest[0] ?? 'summary';
  return (
    rest.find((qid) => {
      const q = pack.questions.find((x) => x.id === qid);
      return q !== undefined && !isAnswered(q, answers);
    }) ?? 'summary'
  );
}

/** The step before `step`: the previous visible question; the summary's is the last question. */
export function stepBefore(result: Result, step: Step): Step | undefined {
  const visible = result.visibleQuestions;
  if (step === 'result') return 'summary';
  if (step === 'summary') return visible[visible.length - 1];
  const i = visible.indexOf(step);
  return i > 0 ? visible[i - 1] : undefined;
}

/** "18.00", "18:00", "1800", "18" or "9.5" → "18:00" / "09:05"; undefined when not a time of day. */
export function parseTimeInput(raw: string): string | undefined {
  const v = raw.trim().replace(/\s+/g, '');
  const m = /^(\d{1,2})(?:[.:](\d{1,2}))?$/.exec(v) ?? /^(\d{2})(\d{2})$/.exec(v);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** Why an otherwise well-formed date or time answer is refused: in the past, or before the question it may not precede. */
export type OrderProblem = { kind: 'past' } | { kind: 'before-date'; other: string } | { kind: 'before-time'; other: string };

export function orderProblem(
  answers: Readonly<Record<string, unknown>>,
  q: Question,
  value: string,
  today: string,
): OrderProblem | undefined {
  if (q.type === 'date') {
    if (isIsoDate(today) && value < today) return { kind: 'past' };
    const other = q.notBefore ? answers[q.notBefore] : undefined;
    if (isIsoDate(other) && value < other) return { kind: 'before-date', other };
  }
  if (q.type === 'time' && q.notBefore) {
    const other = answers[q.notBefore];
    const [a, b] = q.sameDay ?? [];
    const sameDay = a !== undefined && b !== undefined && isIsoDate(answers[a]) && answers[a] === answers[b];
    if (sameDay && typeof other === 'string' && /^\d{2}:\d{2}$/.test(other) && value < other) return { kind: 'before-time', other };
  }
  return undefined;
}
