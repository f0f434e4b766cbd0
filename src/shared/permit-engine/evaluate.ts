/**
 * evaluate(pack, answers, today): which questions to show, which permits and notices apply,
 * by when, and the traffic lights. Pure, synchronous, never throws, terminates for any input.
 */
import { holds, holds3 } from './conditions.js';
import { formatDate, parseDate, parseTime, previousWorkingDayNumber, subtractDayNumbers } from '../calendar.js';
import type { AnswerValue, Answers, Item, Light, Question, ResolvedPack, Result, Rule, Warning } from './types.js';

function own(obj: object, key: string): unknown {
  try {
    return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

/** The well-typed value of a raw answer for a question, or undefined (= unanswered). */
export function normaliseAnswer(q: Question, raw: unknown): AnswerValue | undefined {
  switch (q.type) {
    case 'date':
      return parseDate(raw) === null ? undefined : (raw as string);
    case 'time':
      return parseTime(raw) === null ? undefined : (raw as string);
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return undefined;
      if (typeof q.min === 'number' && raw < q.min) return undefined;
      if (typeof q.max === 'number' && raw > q.max) return undefined;
      return raw;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'choice':
      return typeof raw === 'string' && (q.options ?? []).some((o) => o.value === raw) ? raw : undefined;
    case 'multiChoice': {
      if (!Array.isArray(raw) || raw.length > 100) return undefined;
      const opts = q.options ?? [];
      const out: string[] = [];
      for (const v of raw as unknown[]) {
        if (typeof v !== 'string' || !opts.some((o) => o.value === v)) return undefined;
        if (!out.includes(v)) out.push(v);
      }
      return out;
    }
    case 'text':
      return typeof raw === 'string' && raw.trim() !== '' ? raw : undefined;
    default:
      return undefined;
  }
}

interface State {
  values: Map<string, AnswerValue>;
  /** Questions not answered that may still be asked (visible now or askIf not yet decided). */
  open: Set<string>;
  visible: string[];
  next: string | null;
}

function readAnswers(pack: ResolvedPack, answers: unknown): State {
  const src: object = typeof answers === 'object' && answers !== null && !Array.isArray(answers) ? answers : {};
  const values = new Map<string, AnswerValue>();
  const open = new Set<string>();
  const visible: string[] = [];
  let next: string | null = null;
  const lookup = (id: string): AnswerValue | undefined => values.get(id);
  const isOpen = (id: string): boolean => open.has(id);
  // Questions are ordered and askIf may only look back, so one pass decides every question.
  for (const q of pack.questions) {
    if (q.askIf === undefined || holds(q.askIf, lookup)) {
      visible.push(q.id);
      const v = normaliseAnswer(q, own(src, q.id));
      if (v === undefined) {
        open.add(q.id);
        next ??= q.id;
      } else values.set(q.id, v);
    } else if (holds3(q.askIf, lookup, isOpen) === null) {
      open.add(q.id);
    }
  }
  return { values, open, visible, next };
}

const byDeadline = (a: Item, b: Item): number => {
  const ka = a.latestSubmission === null ? '\uffff' : a.latestSubmission + (a.latestSubmissionTime ?? '');
  const kb = b.latestSubmission === null ? '\uffff' : b.latestSubmission + (b.latestSubmissionTime ?? '');
  return ka < kb ? -1 : ka > kb ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
};

const worse = (a: Light, b: Light): Light => (a === 'red' || b === 'red' ? 'red' : a === 'amber' || b === 'amber' ? 'amber' : 'green');

/**
 * The questions that may still be asked: the visible ones and those whose `askIf` is still
 * undecided. The count never grows as answers come in (askIf looks back only), so "question 3
 * of at most 18" is an honest, stable bound.
 */
export function possibleQuestions(pack: ResolvedPack, answers: Answers): string[] {
  const st = readAnswers(pack, answers);
  return pack.questions.filter((q) => st.visible.includes(q.id) || (!st.values.has(q.id) && st.open.has(q.id))).map((q) => q.id);
}

export function evaluate(pack: ResolvedPack, answers: Answers, today: string): Result {
  const st = readAnswers(pack, answers);
  const lookup = (id: string): AnswerValue | undefined => st.values.get(id);
  const isOpen = (id: string): boolean => st.open.has(id);
  const todayN = parseDate(today);
  const amberDefault = pack.defaults.amberDays;
  const warnings: Warning[] = [];
  const undecided: string[] = [];

  const run = (rules: Rule[], out: Item[]): void => {
    for (const rule of rules) {
      if (rule.disabled === true) continue;
      const applies = holds(rule.when, lookup);
      const maybe = applies || holds3(rule.when, lookup, isOpen) === null;
      const missing = (rule.criticalQuestions ?? []).filter(isOpen);
      if (maybe && missing.length > 0) warnings.push({ kind: 'missing-critical', ruleId: rule.id, questions: missing, light: 'amber' });
      if (!applies) {
        if (maybe) undecided.push(rule.id);
        continue;
      }
      let light: Light = missing.length > 0 ? 'amber' : 'green';
      const obstacles: string[] = [];
      for (const o of rule.obstacles ?? []) {
        if (!holds(o.when, lookup)) continue;
        obstacles.push(o.id);
        const l: Light = o.severity === 'hard' ? 'red' : 'amber';
        light = worse(light, l);
        warnings.push({ kind: 'obstacle', ruleId: rule.id, obstacleId: o.id, severity: o.severity, light: l });
      }
      let latest: number | null = null;
      let latestTime: string | null = null;
      const dl = rule.deadline;
      if (dl) {
        const from = parseDate(lookup(dl.from ?? pack.reference.date));
        if (from !== null && Number.isInteger(dl.amount) && dl.amount >= 0 && dl.amount <= 100000) {
          if (dl.unit === 'hours') {
            const t = pack.reference.time === undefined ? null : parseTime(lookup(pack.reference.time));
            const total = from * 1440 + (t ?? 0) - dl.amount * 60;
            latest = Math.floor(total / 1440);
            const m = total - latest * 1440;
            latestTime = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
            // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- packs are data: ignore unknown units
          } else if (dl.unit === 'days' || dl.unit === 'workingDays') {
            latest = subtractDayNumbers(from, dl.amount, dl.unit === 'days' ? 'calendar' : 'working');
            if (dl.adjust === 'previousWorkingDay') latest = previousWorkingDayNumber(latest);
          }
        } else if (from === null) {
          light = worse(light, 'amber');
        }
      }
      let daysLeft: number | null = null;
      if (latest !== null && todayN !== null) {
        daysLeft = latest - todayN;
        if (daysLeft < 0) {
          light = 'red';
          warnings.push({ kind: 'deadline-passed', ruleId: rule.id, latestSubmission: formatDate(latest), light: 'red' });
        } else if (daysLeft <= (rule.amberDays ?? amberDefault)) light = worse(light, 'amber');
      }
      out.push({
        ruleId: rule.id,
        kind: rule.kind,
        authorityId: rule.authority,
        latestSubmission: latest === null ? null : formatDate(latest),
        latestSubmissionTime: latestTime,
        daysLeft,
        light,
        processingDays: typeof rule.processingDays === 'number' ? rule.processingDays : null,
        obstacles,
        missing,
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-boolean-literal-compare -- packs are data
        verified: rule.verified === true,
      });
    }
    out.sort(byDeadline);
  };

  const obligations: Item[] = [];
  const recommendations: Item[] = [];
  run(pack.rules, obligations);
  run(pack.recommendations, recommendations);

  const rank = (w: Warning): number => (w.kind === 'obstacle' ? (w.severity === 'hard' ? 0 : 2) : w.kind === 'deadline-passed' ? 1 : 3);
  warnings.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.kind === 'obstacle' && b.kind === 'obstacle' ? (a.obstacleId < b.obstacleId ? -1 : a.obstacleId > b.obstacleId ? 1 : 0) : 0),
  );
  undecided.sort();

  return { visibleQuestions: st.visible, nextQuestion: st.next, obligations, recommendations, warnings, undecided };
}
