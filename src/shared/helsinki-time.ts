/**
 * Helsinki wall-clock time, isomorphic (Intl only; no DOM, no Node). Finnish deadlines, opening
 * hours and reservations are all in Europe/Helsinki, whatever the server's or browser's own zone.
 */

/** A wall-clock time in Europe/Helsinki as a UTC instant (handles summer time). */
export function helsinkiToUtc(date: string, time: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  // The offset of Helsinki at (about) that instant: format the guess there and compare.
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Helsinki',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(guess));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asLocal = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(guess - (asLocal - guess));
}

/** Today's date in Helsinki as YYYY-MM-DD. */
export function helsinkiToday(now = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
