/**
 * Finnish public holidays and deadline arithmetic on plain ISO dates (YYYY-MM-DD).
 *
 * No time zones: a date is a day number (days since 1970-01-01, proleptic Gregorian), computed
 * with integer arithmetic, so the result is the same in every browser and on the server.
 */

/** Days since 1970-01-01 for a civil date (H. Hinnant's days_from_civil). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date for a day number. */
export function civil(n: number): { year: number; month: number; day: number } {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Day number of a valid `YYYY-MM-DD` (years 1000–9999), or null. */
export function parseDate(s: unknown): number | null {
  if (typeof s !== 'string' || s.length !== 10) return null;
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return dayNumber(year, month, day);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function formatDate(n: number): string {
  const { year, month, day } = civil(n);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight for a valid `HH:MM` (00:00–23:59), or null. */
export function parseTime(s: unknown): number | null {
  if (typeof s !== 'string' || s.length !== 5) return null;
  const m = TIME.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatTime(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** Easter Sunday (Gregorian; anonymous algorithm of Meeus/Jones/Butcher) as a day number. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(year, month, day);
}

export interface Holiday {
  date: string;
  id: string;
  /** Finnish name. */
  name: string;
  /** Not an official public holiday but a de facto non-working day (Midsummer Eve, Christmas Eve). */
  deFacto: boolean;
}

/** The Saturday in [from, from+6]. */
function saturdayFrom(from: number): number {
  return from + ((6 - weekday(from) + 7) % 7);
}

function holidayDays(year: number): [number, string, string, boolean][] {
  const easter = easterSunday(year);
  const midsummerDay = saturdayFrom(dayNumber(year, 6, 20));
  const list: [number, string, string, boolean][] = [
    [dayNumber(year, 1, 1), 'new-year', 'uudenvuodenpäivä', false],
    [dayNumber(year, 1, 6), 'epiphany', 'loppiainen', false],
    [easter - 2, 'good-friday', 'pitkäperjantai', false],
    [easter, 'easter-sunday', 'pääsiäispäivä', false],
    [easter + 1, 'easter-monday', '2. pääsiäispäivä', false],
    [dayNumber(year, 5, 1), 'may-day', 'vappu', false],
    [easter + 39, 'ascension', 'helatorstai', false],
    [easter + 49, 'whitsun', 'helluntaipäivä', false],
    [midsummerDay - 1, 'midsummer-eve', 'juhannusaatto', true],
    [midsummerDay, 'midsummer-day', 'juhannuspäivä', false],
    [saturdayFrom(dayNumber(year, 10, 31)), 'all-saints', 'pyhäinpäivä', false],
    [dayNumber(year, 12, 6), 'independence-day', 'itsenäisyyspäivä', false],
    [dayNumber(year, 12, 24), 'christmas-eve', 'jouluaatto', true],
    [dayNumber(year, 12, 25), 'christmas-day', 'joulupäivä', false],
    [dayNumber(year, 12, 26), 'boxing-day', 'tapaninpäivä', false],
  ];
  return list.sort((x, y) => x[0] - y[0]);
}

/** Finnish public holidays (and de facto non-working Midsummer Eve and Christmas Eve) of a year. */
export function finnishHolidays(year: number): Holiday[] {
  return holidayDays(year).map(([n, id, name, deFacto]) => ({ date: formatDate(n), id, name, deFacto }));
}

const cache = new Map<number, Set<number>>();

function holidaySet(year: number): Set<number> {
  let set = cache.get(year);
  if (!set) {
    set = new Set(holidayDays(year).map((h) => h[0]));
    if (cache.size > 64) cache.clear();
    cache.set(year, set);
  }
  return set;
}

/** True for a day number that is Mon–Fri and not a holiday or de facto holiday. */
export function isWorkingDayNumber(n: number): boolean {
  if (weekday(n) > 5) return false;
  return !holidaySet(civil(n).year).has(n);
}

/** True for a `YYYY-MM-DD` that is a working day in Finland. Invalid dates → false. */
export function isWorkingDay(date: string): boolean {
  const n = parseDate(date);
  return n !== null && isWorkingDayNumber(n);
}

/** Day-number form of {@link subtractDays}. */
export function subtractDayNumbers(n: number, amount: number, unit: 'calendar' | 'working'): number {
  if (unit === 'calendar') return n - amount;
  let d = n;
  let left = amount;
  // Bounded: at most ~ amount * 2 + holidays iterations; never more than 7 non-working days in a row.
  while (left > 0) {
    d -= 1;
    if (isWorkingDayNumber(d)) left -= 1;
  }
  return d;
}

/**
 * `n` calendar days, or `n` working days, before `date`. Working days: stepping back one day at a
 * time, only Mon–Fri days that are not (de facto) holidays count, so the result is the `n`th
 * working day before `date` (`date` itself is not counted). Throws on an invalid date or amount.
 */
export function subtractDays(date: string, n: number, unit: 'calendar' | 'working'): string {
  const d = parseDate(date);
  if (d === null) throw new RangeError(`invalid date: ${date}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`invalid amount: ${String(n)}`);
  return formatDate(subtractDayNumbers(d, n, unit));
}

/** The working day on or before a day number. */
export function previousWorkingDayNumber(n: number): number {
  let d = n;
  while (!isWorkingDayNumber(d)) d -= 1;
  return d;
}

/**
 * `hours` before `date` at `time` (HH:MM; 00:00 when omitted). Returns the date and time.
 * e.g. a public meeting at 2027-06-12 10:00, 6 hours → 2027-06-12 04:00.
 */
export function subtractHours(date: string, time: string | undefined, hours: number): { date: string; time: string } {
  const d = parseDate(date);
  if (d === null) throw new RangeError(`invalid date: ${date}`);
  const t = time === undefined ? 0 : parseTime(time);
  if (t === null) throw new RangeError(`invalid time: ${String(time)}`);
  if (!Number.isInteger(hours) || hours < 0) throw new RangeError(`invalid amount: ${String(hours)}`);
  const total = d * 1440 + t - hours * 60;
  const day = Math.floor(total / 1440);
  return { date: formatDate(day), time: formatTime(total - day * 1440) };
}
