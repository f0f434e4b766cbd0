/**
 * Semantic validation of rule packs: what JSON Schema cannot see (references between entries,
 * question order, value types per question, translations after layering, extends cycles).
 * Every problem is `{ file, path, reason }` where `path` is a JSON pointer into `file`.
 * Defensive: accepts anything and never throws.
 */
import { ceasedAuthorityMentions } from './authorities.js';
import { OPS } from './conditions.js';
import { parseDate, parseTime } from '../calendar.js';
import { PackResolutionError, resolvePack } from './resolve.js';
import { REQUIRED_LOCALES, type Pack, type ResolvedPack, type Section } from './types.js';

export interface PackIssue {
  file: string;
  /** JSON pointer inside `file` ('' = the whole document). */
  path: string;
  reason: string;
}

type Seg = string | number;
type Obj = Record<string, unknown>;

const show = (x: unknown): string => (x === undefined ? 'undefined' : JSON.stringify(x));
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNonEmptyString = (x: unknown): x is string => typeof x === 'string' && x.trim() !== '';
const esc = (s: Seg): string => String(s).replace(/~/g, '~0').replace(/\//g, '~1');
export const pointer = (segs: readonly Seg[]): string => segs.map((s) => '/' + esc(s)).join('');

const TEXT_LOCALES = new Set<string>([...REQUIRED_LOCALES, 'sv-plain']);
const QUESTION_TYPES = new Set(['date', 'time', 'number', 'boolean', 'choice', 'multiChoice', 'text']);
const KINDS = new Set(['permit', 'notification', 'plan', 'licence', 'advice']);
const UNITS = new Set(['days', 'workingDays', 'hours']);
const URL_RE = /^https?:\/\/[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#][^\s]*)?$/;
/** Longest deadline accepted, in its own unit (keeps working-day counting bounded). */
export const MAX_DEADLINE = 3660;

/** Problems that depend only on one file as written: shape of ids, duplicates, extends. */
export function validatePackSource(pack: unknown, file: string): PackIssue[] {
  const issues: PackIssue[] = [];
  const add = (segs: Seg[], reason: string): void => void issues.push({ file, path: pointer(segs), reason });
  if (!isObj(pack)) {
    add([], 'a rule pack must be a JSON object');
    return issues;
  }
  if (!isNonEmptyString(pack.id)) add(['id'], 'missing pack id');
  if ('extends' in pack && !isNonEmptyString(pack.extends)) add(['extends'], '"extends" must name a pack id');
  if (pack.extends === pack.id && isNonEmptyString(pack.id)) add(['extends'], `extends cycle: pack "${pack.id}" extends itself`);
  const ruleIds = new Map<string, string>();
  for (const section of ['questions', 'authorities', 'rules', 'recommendations'] as const) {
    const list = pack[section];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      add([section], `"${section}" must be an array`);
      continue;
    }
    const seen = new Map<string, string>();
    list.forEach((e: unknown, i: number) => {
      if (!isObj(e) || !isNonEmptyString(e.id)) {
        add([section, i, 'id'], 'missing id');
        return;
      }
      const first = seen.get(e.id);
      if (first !== undefined) add([section, i, 'id'], `duplicate id "${e.id}" (first at ${first})`);
      else seen.set(e.id, pointer([section, i]));
      if (section === 'rules' || section === 'recommendations') {
        const other = ruleIds.get(e.id);
        if (other !== undefined && !other.startsWith(`/${section}/`)) {
          add([section, i, 'id'], `duplicate id "${e.id}" (also at ${other}; rule and recommendation ids share one namespace)`);
        }
        if (other === undefined) ruleIds.set(e.id, pointer([section, i]));
      }
    });
  }
  return issues;
}

interface Ctx {
  pack: ResolvedPack;
  fileOf: (packId: string) => string;
  issues: PackIssue[];
  questionIndex: Map<string, number>;
  questionById: Map<string, Obj>;
}

/** Map a location in the resolved pack to the file and pointer that gave it. */
function locate(ctx: Ctx, section: Section, id: string, sub: Seg[]): { file: string; path: string } {
  const prov = ctx.pack.provenance;
  const self = ctx.pack.id;
  if (!prov) return { file: ctx.fileOf(self), path: pointer([section, id, ...sub]) };
  const contribs = prov.entries[section][id] ?? [];
  const key = sub[0];
  let pick = contribs[contribs.length - 1];
  if (key !== undefined) {
    for (let i = contribs.length - 1; i >= 0; i--) {
      const c = contribs[i];
      if (c && c.keys.includes(String(key))) {
        pick = c;
        break;
      }
    }
  }
  if (!pick) return { file: ctx.fileOf(self), path: pointer([section, id, ...sub]) };
  return { file: ctx.fileOf(pick.pack), path: pointer([section, pick.index, ...sub]) };
}

function checkText(ctx: Ctx, at: (sub: Seg[]) => { file: string; path: string }, x: unknown, sub: Seg[], what: string): void {
  const add = (s: Seg[], reason: string): void => void ctx.issues.push({ ...at(s), reason });
  if (!isObj(x)) {
    add(sub, `missing ${what} (a text object with ${REQUIRED_LOCALES.join(', ')})`);
    return;
  }
  for (const loc of REQUIRED_LOCALES) {
    if (!isNonEmptyString(x[loc])) add([...sub, loc], `missing translation "${loc}" of ${what}`);
  }
  for (const [k, v] of Object.entries(x)) {
    if (!TEXT_LOCALES.has(k)) add([...sub, k], `unknown locale "${k}" in ${what}`);
    else if (typeof v !== 'string') add([...sub, k], `translation "${k}" of ${what} must be a string`);
  }
}

/** Does `value` fit a question of this kind (for eq/ne/in/notIn/between/gt…)? */
function fits(q: Obj, value: unknown): string | null {
  switch (q.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'true or false';
    case 'date':
      return parseDate(value) !== null ? null : 'a date YYYY-MM-DD';
    case 'time':
      return parseTime(value) !== null ? null : 'a time of day HH:MM';
    case 'text':
      return typeof value === 'string' ? null : 'a string';
    case 'choice':
    case 'multiChoice': {
      const opts = Array.isArray(q.options) ? q.options.map((o) => (isObj(o) ? o.value : undefined)) : [];
      return typeof value === 'string' && opts.includes(value) ? null : `one of the options (${opts.map(String).join(', ')})`;
    }
    default:
      return 'a value';
  }
}

/**
 * Check a condition. `before`: when set, the condition may only reference questions with a
 * smaller index (askIf of question number `before`).
 */
function checkCondition(
  ctx: Ctx,
  at: (sub: Seg[]) => { file: string; path: string },
  c: unknown,
  sub: Seg[],
  before: number | null,
  depth = 0,
): void {
  const add = (s: Seg[], reason: string): void => void ctx.issues.push({ ...at(s), reason });
  if (depth > 32) {
    add(sub, 'condition nested too deeply (more than 32 levels)');
    return;
  }
  if (!isObj(c)) {
    add(sub, 'invalid condition: expected an object with "all", "any", "not" or "q"');
    return;
  }
  const keys = Object.keys(c);
  const forms = ['all', 'any', 'not', 'q'].filter((k) => k in c);
  if (forms.length !== 1) {
    add(
      sub,
      `invalid condition: expected exactly one of "all", "any", "not", "q" (found ${forms.length === 0 ? 'none' : forms.join(', ')})`,
    );
    return;
  }
  const form = forms[0] as string;
  if (form === 'all' || form === 'any') {
    const list = c[form];
    if (!Array.isArray(list)) add([...sub, form], `invalid condition: "${form}" must be an array`);
    else list.forEach((x: unknown, i: number) => checkCondition(ctx, at, x, [...sub, form, i], before, depth + 1));
    for (const k of keys) if (k !== form) add([...sub, k], `invalid condition: unexpected key "${k}"`);
    return;
  }
  if (form === 'not') {
    checkCondition(ctx, at, c.not, [...sub, 'not'], before, depth + 1);
    for (const k of keys) if (k !== 'not') add([...sub, k], `invalid condition: unexpected key "${k}"`);
    return;
  }
  for (const k of keys) if (k !== 'q' && k !== 'op' && k !== 'value') add([...sub, k], `invalid condition: unexpected key "${k}"`);
  const qid = c.q;
  if (typeof qid !== 'string') {
    add([...sub, 'q'], 'invalid condition: "q" must be a question id');
    return;
  }
  const idx = ctx.questionIndex.get(qid);
  const q = ctx.questionById.get(qid);
  if (idx === undefined || q === undefined) {
    add([...sub, 'q'], `unknown question id "${qid}"`);
    return;
  }
  if (before !== null && idx >= before) {
    add(
      [...sub, 'q'],
      idx === before
        ? `askIf references its own question "${qid}" (cycle)`
        : `askIf references a later question "${qid}" (questions may depend only on earlier ones; otherwise a cycle is possible)`,
    );
  }
  const op = c.op;
  if (typeof op !== 'string' || !OPS.has(op)) {
    add([...sub, 'op'], `invalid op ${show(op)} (expected one of ${[...OPS].join(', ')})`);
    return;
  }
  const v = c.value;
  const type = String(q.type);
  const bad = (reason: string): void => add([...sub, 'value'], reason);
  switch (op) {
    case 'answered':
    case 'notAnswered':
      if ('value' in c) bad(`op "${op}" takes no value`);
      return;
    case 'includes': {
      if (type !== 'multiChoice') add([...sub, 'op'], `op "includes" needs a multiChoice question ("${qid}" is ${type})`);
      else {
        const f = fits(q, v);
        if (f) bad(`value for "${qid}" must be ${f}`);
      }
      return;
    }
    case 'eq':
    case 'ne': {
      if (type === 'multiChoice') {
        add([...sub, 'op'], `op "${op}" cannot test a multiChoice question ("${qid}"); use "includes"`);
        return;
      }
      const f = fits(q, v);
      if (f) bad(`value for "${qid}" must be ${f}`);
      return;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (type !== 'number' && type !== 'date' && type !== 'time') {
        add([...sub, 'op'], `op "${op}" needs a number, date or time question ("${qid}" is ${type})`);
        return;
      }
      const f = fits(q, v);
      if (f) bad(`value for "${qid}" must be ${f}`);
      return;
    }
    case 'between': {
      if (type !== 'number' && type !== 'date' && type !== 'time') {
        add([...sub, 'op'], `op "between" needs a number, date or time question ("${qid}" is ${type})`);
        return;
      }
      if (!Array.isArray(v) || v.length !== 2) {
        bad('"between" takes [min, max]');
        return;
      }
      const f = fits(q, v[0]) ?? fits(q, v[1]);
      if (f) bad(`values for "${qid}" must be ${f}`);
      else if ((v[0] as number | string) > (v[1] as number | string)) bad('"between" needs min ≤ max');
      return;
    }
    case 'in':
    case 'notIn': {
      if (type === 'multiChoice' || type === 'boolean') {
        add([...sub, 'op'], `op "${op}" cannot test a ${type} question ("${qid}")`);
        return;
      }
      if (!Array.isArray(v) || v.length === 0) {
        bad(`"${op}" takes a non-empty array`);
        return;
      }
      v.forEach((x: unknown, i: number) => {
        const f = fits(q, x);
        if (f) add([...sub, 'value', i], `value for "${qid}" must be ${f}`);
      });
      return;
    }
  }
}

function checkUrl(add: (s: Seg[], r: string) => void, x: unknown, sub: Seg[]): void {
  if (typeof x !== 'string' || !URL_RE.test(x)) add(sub, `invalid URL ${show(x)} (expected https://…)`);
}

const nonNegInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** Problems in a resolved (layered) pack, pointed back to the file that introduced them. */
export function validateResolvedPack(pack: ResolvedPack, fileOf: (packId: string) => string = (id) => `${id}.json`): PackIssue[] {
  const ctx: Ctx = { pack, fileOf, issues: [], questionIndex: new Map(), questionById: new Map() };
  const top = (sub: Seg[]): { file: string; path: string } => locateTop(pack, fileOf, sub);
  const addTop = (sub: Seg[], reason: string): void => void ctx.issues.push({ ...top(sub), reason });
  const p = pack as unknown as Obj;

  checkText(ctx, top, p.title, ['title'], 'the pack title');
  if (p.description !== undefined) checkText(ctx, top, p.description, ['description'], 'the pack description');
  const review = p.translationReview;
  if (!isObj(review))
    addTop(['translationReview'], 'missing translationReview (who reviewed each locale; Sámi: "machine-drafted, not reviewed")');
  else
    for (const loc of REQUIRED_LOCALES)
      if (!isNonEmptyString(review[loc])) addTop(['translationReview', loc], `missing review status for "${loc}"`);
  if (p.validFrom !== undefined && (typeof p.validFrom !== 'string' || parseDate(p.validFrom) === null))
    addTop(['validFrom'], `validFrom ${show(p.validFrom)} is not a date (YYYY-MM-DD)`);
  for (const c of ceasedAuthorityMentions(pack)) addTop([], c);
  const defaults = p.defaults;
  if (isObj(defaults) && !nonNegInt(defaults.amberDays)) addTop(['defaults', 'amberDays'], 'amberDays must be a non-negative integer');

  const questions: unknown[] = Array.isArray(p.questions) ? p.questions : [];
  questions.forEach((q, i) => {
    if (isObj(q) && typeof q.id === 'string' && !ctx.questionIndex.has(q.id)) {
      ctx.questionIndex.set(q.id, i);
      ctx.questionById.set(q.id, q);
    }
  });
  const ref = p.reference;
  if (!isObj(ref) || typeof ref.date !== 'string')
    addTop(['reference', 'date'], 'missing reference.date (the date question deadlines count back from)');
  else {
    if (ctx.questionById.get(ref.date)?.type !== 'date')
      addTop(['reference', 'date'], `reference.date "${ref.date}" is not a date question`);
    if (ref.time !== undefined && (typeof ref.time !== 'string' || ctx.questionById.get(ref.time)?.type !== 'time')) {
      addTop(['reference', 'time'], `reference.time ${show(ref.time)} is not a time question`);
    }
  }

  questions.forEach((raw, i) => {
    const id = isObj(raw) && typeof raw.id === 'string' ? raw.id : String(i);
    const at = (sub: Seg[]): { file: string; path: string } => locate(ctx, 'questions', id, sub);
    const add = (sub: Seg[], reason: string): void => void ctx.issues.push({ ...at(sub), reason });
    if (!isObj(raw)) {
      add([], 'invalid question');
      return;
    }
    if (typeof raw.type !== 'string' || !QUESTION_TYPES.has(raw.type)) add(['type'], `invalid question type ${show(raw.type)}`);
    checkText(ctx, at, raw.label, ['label'], `the label of question "${id}"`);
    if (raw.help !== undefined) checkText(ctx, at, raw.help, ['help'], `the help of question "${id}"`);
    if (raw.type === 'choice' || raw.type === 'multiChoice') {
      if (!Array.isArray(raw.options) || raw.options.length === 0) add(['options'], `question "${id}" needs options`);
      else {
        const seen = new Set<string>();
        raw.options.forEach((o: unknown, j: number) => {
          if (!isObj(o) || !isNonEmptyString(o.value)) {
            add(['options', j, 'value'], 'missing option value');
            return;
          }
          if (seen.has(o.value)) add(['options', j, 'value'], `duplicate option value "${o.value}"`);
          seen.add(o.value);
          checkText(ctx, at, o.label, ['options', j, 'label'], `option "${o.value}" of question "${id}"`);
        });
      }
    }
    if (raw.askIf !== undefined) checkCondition(ctx, at, raw.askIf, ['askIf'], i);
    if (raw.notBefore !== undefined) {
      const other = typeof raw.notBefore === 'string' ? ctx.questionById.get(raw.notBefore) : undefined;
      const j = typeof raw.notBefore === 'string' ? ctx.questionIndex.get(raw.notBefore) : undefined;
      if ((raw.type !== 'date' && raw.type !== 'time') || !other || other.type !== raw.type || j === undefined || j >= i)
        add(
          ['notBefore'],
          `notBefore ${show(raw.notBefore)} must name an earlier ${String(raw.type)} question (date and time questions only)`,
        );
    }
    if (raw.sameDay !== undefined) {
      const ok =
        raw.type === 'time' &&
        Array.isArray(raw.sameDay) &&
        raw.sameDay.length === 2 &&
        raw.sameDay.every((d: unknown) => typeof d === 'string' && ctx.questionById.get(d)?.type === 'date');
      if (!ok) add(['sameDay'], 'sameDay must name two date questions (time questions with notBefore only)');
    }
  });

  const authorityIds = new Set<string>();
  const authorities: unknown[] = Array.isArray(p.authorities) ? p.authorities : [];
  authorities.forEach((raw, i) => {
    const id = isObj(raw) && typeof raw.id === 'string' ? raw.id : String(i);
    authorityIds.add(id);
    const at = (sub: Seg[]): { file: string; path: string } => locate(ctx, 'authorities', id, sub);
    const add = (sub: Seg[], reason: string): void => void ctx.issues.push({ ...at(sub), reason });
    if (!isObj(raw)) {
      add([], 'invalid authority');
      return;
    }
    checkText(ctx, at, raw.name, ['name'], `the name of authority "${id}"`);
    checkUrl(add, raw.url, ['url']);
    const c = raw.contact;
    if (c !== undefined) {
      if (!isObj(c)) {
        add(['contact'], 'contact must be an object');
        return;
      }
      if (c.email !== undefined && (typeof c.email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email)))
        add(['contact', 'email'], 'invalid e-mail address');
      if (c.phone !== undefined && (typeof c.phone !== 'string' || !/^\+?[0-9 ()-]{5,}$/.test(c.phone)))
        add(['contact', 'phone'], 'invalid phone number');
      if (c.hours !== undefined) checkText(ctx, at, c.hours, ['contact', 'hours'], `the opening hours of authority "${id}"`);
    }
  });

  const ruleIds = new Set<string>();
  for (const section of ['rules', 'recommendations'] as const) {
    const list: unknown[] = Array.isArray(p[section]) ? (p[section] as unknown[]) : [];
    list.forEach((raw, i) => {
      const id = isObj(raw) && typeof raw.id === 'string' ? raw.id : String(i);
      const at = (sub: Seg[]): { file: string; path: string } => locate(ctx, section, id, sub);
      const add = (sub: Seg[], reason: string): void => void ctx.issues.push({ ...at(sub), reason });
      if (!isObj(raw)) {
        add([], 'invalid rule');
        return;
      }
      if (ruleIds.has(id)) add(['id'], `duplicate id "${id}" (rule and recommendation ids share one namespace)`);
      ruleIds.add(id);
      const what = `${section === 'rules' ? 'rule' : 'recommendation'} "${id}"`;
      if (typeof raw.kind !== 'string' || !KINDS.has(raw.kind))
        add(['kind'], `invalid kind ${show(raw.kind)} (expected one of ${[...KINDS].join(', ')})`);
      if (typeof raw.authority !== 'string') add(['authority'], `missing authority of ${what}`);
      else if (!authorityIds.has(raw.authority)) add(['authority'], `unknown authority id "${raw.authority}"`);
      if (raw.when !== undefined) checkCondition(ctx, at, raw.when, ['when'], null);
      checkText(ctx, at, raw.title, ['title'], `the title of ${what}`);
      checkText(ctx, at, raw.summary, ['summary'], `the summary of ${what}`);
      const lb = raw.legalBasis;
      if (lb === undefined) {
        if (section === 'rules') add(['legalBasis'], `missing legalBasis of ${what} (every obligation cites its law)`);
      } else if (!isObj(lb)) add(['legalBasis'], 'legalBasis must be an object');
      else {
        if (!isNonEmptyString(lb.reference)) add(['legalBasis', 'reference'], `missing legal reference of ${what} (e.g. "379/2011 16 §")`);
        checkText(ctx, at, lb.text, ['legalBasis', 'text'], `the legal basis of ${what}`);
        if (lb.url !== undefined) checkUrl(add, lb.url, ['legalBasis', 'url']);
      }
      const dl = raw.deadline;
      if (dl !== undefined && dl !== null) {
        if (!isObj(dl)) add(['deadline'], 'invalid deadline: expected an object or null');
        else {
          if (typeof dl.amount !== 'number' || !Number.isFinite(dl.amount))
            add(['deadline', 'amount'], 'invalid deadline: amount must be a number');
          else if (dl.amount < 0) add(['deadline', 'amount'], `invalid deadline: negative amount ${dl.amount}`);
          else if (!Number.isInteger(dl.amount))
            add(['deadline', 'amount'], `invalid deadline: amount ${dl.amount} must be a whole number`);
          else if (dl.amount > MAX_DEADLINE) add(['deadline', 'amount'], `invalid deadline: amount ${dl.amount} is over ${MAX_DEADLINE}`);
          if (typeof dl.unit !== 'string' || !UNITS.has(dl.unit))
            add(['deadline', 'unit'], `invalid deadline: unknown unit ${show(dl.unit)} (expected days, workingDays or hours)`);
          if (dl.basis !== 'statutory' && dl.basis !== 'recommended')
            add(['deadline', 'basis'], 'invalid deadline: basis must be "statutory" or "recommended"');
          if (dl.adjust !== undefined && dl.adjust !== 'none' && dl.adjust !== 'previousWorkingDay')
            add(['deadline', 'adjust'], 'invalid deadline: adjust must be "none" or "previousWorkingDay"');
          if (dl.from !== undefined && (typeof dl.from !== 'string' || ctx.questionById.get(dl.from)?.type !== 'date')) {
            add(['deadline', 'from'], `invalid deadline: "from" ${show(dl.from)} is not a date question`);
          }
        }
      }
      if (raw.processingDays !== undefined && raw.processingDays !== null && !nonNegInt(raw.processingDays))
        add(['processingDays'], 'processingDays must be a non-negative integer or null');
      if (raw.amberDays !== undefined && !nonNegInt(raw.amberDays)) add(['amberDays'], 'amberDays must be a non-negative integer');
      if (typeof raw.verified !== 'boolean') add(['verified'], 'missing "verified" (false = illustrative, verify with your authority)');
      const links = raw.links;
      if (links !== undefined) {
        if (!isObj(links)) add(['links'], 'links must be an object');
        else
          for (const [k, v] of Object.entries(links)) {
            if (k === 'noEService') {
              if (typeof v !== 'boolean') add(['links', k], 'noEService must be true or false');
            } else if (k !== 'apply' && k !== 'info') add(['links', k], `unknown link "${k}" (apply, info, noEService)`);
            else checkUrl(add, v, ['links', k]);
          }
      }
      const cq = raw.criticalQuestions;
      if (cq !== undefined) {
        if (!Array.isArray(cq)) add(['criticalQuestions'], 'criticalQuestions must be an array of question ids');
        else
          cq.forEach((q: unknown, j: number) => {
            if (typeof q !== 'string' || !ctx.questionById.has(q)) add(['criticalQuestions', j], `unknown question id ${show(q)}`);
          });
      }
      const obs = raw.obstacles;
      const obstacleIds = new Set<string>();
      if (obs !== undefined) {
        if (!Array.isArray(obs)) add(['obstacles'], 'obstacles must be an array');
        else
          obs.forEach((o: unknown, j: number) => {
            if (!isObj(o) || !isNonEmptyString(o.id)) {
              add(['obstacles', j, 'id'], 'missing obstacle id');
              return;
            }
            if (obstacleIds.has(o.id)) add(['obstacles', j, 'id'], `duplicate obstacle id "${o.id}" in ${what}`);
            obstacleIds.add(o.id);
            if (o.severity !== 'hard' && o.severity !== 'caution')
              add(['obstacles', j, 'severity'], 'severity must be "hard" or "caution"');
            checkCondition(ctx, at, o.when, ['obstacles', j, 'when'], null);
            checkText(ctx, at, o.text, ['obstacles', j, 'text'], `obstacle "${o.id}"`);
            if (o.advice !== undefined) checkText(ctx, at, o.advice, ['obstacles', j, 'advice'], `the advice of obstacle "${o.id}"`);
          });
      }
    });
  }
  return ctx.issues;
}

function locateTop(pack: ResolvedPack, fileOf: (id: string) => string, sub: Seg[]): { file: string; path: string } {
  // Top-level fields: blame the pack itself; the loader knows the chain but top-level fields are few.
  return { file: fileOf(pack.id), path: pointer(sub) };
}

function inCycle(packs: ReadonlyMap<string, Pack>, id: string): boolean {
  let cur = packs.get(id)?.extends;
  for (let n = 0; cur !== undefined && n <= packs.size; n++) {
    if (cur === id) return true;
    cur = packs.get(cur)?.extends;
  }
  return false;
}

export interface PackSource {
  file: string;
  pack: unknown;
}

/**
 * Validate a set of pack files together: per-file problems, extends (unknown parent, cycles),
 * then every pack resolved and checked. Returns the problems (deduplicated, in a stable order)
 * and the packs that resolved.
 */
export function validatePacks(sources: readonly PackSource[]): { issues: PackIssue[]; resolved: Map<string, ResolvedPack> } {
  const issues: PackIssue[] = [];
  const packs = new Map<string, Pack>();
  const fileById = new Map<string, string>();
  for (const s of sources) {
    issues.push(...validatePackSource(s.pack, s.file));
    if (!isObj(s.pack) || !isNonEmptyString(s.pack.id)) continue;
    const id = s.pack.id;
    const other = fileById.get(id);
    if (other !== undefined) {
      issues.push({ file: s.file, path: '/id', reason: `duplicate pack id "${id}" (also in ${other})` });
      continue;
    }
    fileById.set(id, s.file);
    packs.set(id, s.pack as unknown as Pack);
  }
  const fileOf = (id: string): string => fileById.get(id) ?? `${id}.json`;
  const resolved = new Map<string, ResolvedPack>();
  for (const [id, pack] of packs) {
    if (pack.extends !== undefined && isNonEmptyString(pack.extends) && !packs.has(pack.extends)) {
      issues.push({ file: fileOf(id), path: '/extends', reason: `extends unknown pack "${pack.extends}"` });
      continue;
    }
    try {
      const r = resolvePack(packs, id);
      resolved.set(id, r);
    } catch (e) {
      if (e instanceof PackResolutionError) {
        // Report a cycle in every pack that is part of it; others fail because a parent failed.
        if (e.reason === 'cycle' && pack.extends !== id && inCycle(packs, id))
          issues.push({ file: fileOf(id), path: '/extends', reason: e.message });
      } else {
        issues.push({ file: fileOf(id), path: '', reason: `cannot resolve: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
  }
  for (const r of resolved.values()) {
    issues.push(...validateResolvedPack(r, fileOf));
    // `after` must name a question that exists in the resolved pack
    const own = packs.get(r.id)?.questions;
    if (Array.isArray(own)) {
      own.forEach((q, i) => {
        if (isObj(q) && q.after !== undefined && (typeof q.after !== 'string' || !r.questions.some((x) => x.id === q.after))) {
          issues.push({
            file: fileOf(r.id),
            path: pointer(['questions', i, 'after']),
            reason: `"after" names unknown question ${show(q.after)}`,
          });
        }
      });
    }
  }
  const seen = new Set<string>();
  const out = issues.filter((i) => {
    const k = `${i.file}\u0000${i.path}\u0000${i.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { issues: out, resolved };
}

/** One line per problem: `file: /json/pointer: reason`. */
export function formatIssues(issues: readonly PackIssue[]): string {
  return issues.map((i) => `${i.file}: ${i.path === '' ? '/' : i.path}: ${i.reason}`).join('\n');
}
