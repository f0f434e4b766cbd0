/**
 * Reservation days are Europe/Helsinki calendar days. A stay from `startDate` to `endDate`
 * (inclusive) is stored as the instants [Helsinki midnight of startDate, Helsinki midnight of
 * the day after endDate) — the range the exclusion constraint compares.
 */
import { helsinkiToUtc } from '../../shared/helsinki-time.js';

const DAY_MS = 86_400_000;

/** `date` plus `days` calendar days (plain ISO date arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to` inclusive (1 for the same day). */
export function daysInclusive(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Math.round((b - a) / DAY_MS) + 1;
}

/** The instants of a stay: [start of the first day, start of the day after the last) in Helsinki. */
export function stayRange(startDate: string, endDate: string): { starts: Date; ends: Date } {
  return { starts: helsinkiToUtc(startDate, '00:00'), ends: helsinkiToUtc(addDays(endDate, 1), '00:00') };
}
