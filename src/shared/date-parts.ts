/**
 * Calendar days typed by people: a `YYYY-MM-DD` check and the GOV.UK-style day / month / year
 * fields' parsing. Pure functions, shared by every widget that asks for a date (the permit
 * explorer's questions, the timeline's "needed by" and due dates, the venue map's date range);
 * the fields themselves are `src/ui/date-fields.ts`.
 */

/** A real calendar day written `YYYY-MM-DD` (2026-02-30 is not one). */
export const isIsoDate = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
};

/** What a person typed into the three fields, kept as typed (never rewritten under their fingers). */
export type DateParts = { day: string; month: string; year: string };

export const EMPTY_DATE_PARTS: Readonly<DateParts> = Object.freeze({ day: '', month: '', year: '' });

/** The parts of a YYYY-MM-DD value for the day / month / year fields ("" when there is none). */
export function dateParts(value: unknown): DateParts {
  if (!isIsoDate(value)) return { ...EMPTY_DATE_PARTS };
  const [y, m, d] = value.split('-');
  return { day: String(Number(d)), month: String(Number(m)), year: y ?? '' };
}

/**
 * The format hint's example, `day month year` as a person types it: the 27th (more than 12, so
 * day and month cannot be mistaken for each other) of the month three months from `today`, so the
 * example is never a day that has passed (a fixed "27 3 2026" soon was, on forms that refuse past days).
 */
export function dateExample(today: Date = new Date()): string {
  const month = new Date(today.getFullYear(), today.getMonth() + 3, 1);
  return `27 ${month.getMonth() + 1} ${month.getFullYear()}`;
}

/** Why three fields do not make a date. Each has a message in the `common` namespace (`dateProblemKey`). */
export type DateProblem = 'empty' | 'missing-day' | 'missing-month' | 'missing-year' | 'invalid';

/** A date from the three fields, or what is wrong with it. Accepts 1- or 2-digit day and month and a 4-digit year. */
export function dateFromParts(parts: DateParts): { value: string } | { problem: DateProblem } {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (!day && !month && !year) return { problem: 'empty' };
  if (!day) return { problem: 'missing-day' };
  if (!month) return { problem: 'missing-month' };
  if (!year) return { problem: 'missing-year' };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { problem: 'invalid' };
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isIsoDate(value) ? { value } : { problem: 'invalid' };
}

/** The `common` namespace's message for a problem; `empty` has none (whether a date is required is the caller's business). */
export function dateProblemKey(
  problem: DateProblem,
): 'common:date.missingDay' | 'common:date.missingMonth' | 'common:date.missingYear' | 'common:date.invalid' | undefined {
  switch (problem) {
    case 'missing-day':
      return 'common:date.missingDay';
    case 'missing-month':
      return 'common:date.missingMonth';
    case 'missing-year':
      return 'common:date.missingYear';
    case 'invalid':
      return 'common:date.invalid';
    default:
      return undefined;
  }
}
