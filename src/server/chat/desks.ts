/**
 * The chat desks (src/data/knowledge-base/desks.json): per organisation its topics, each with
 * opening hours in Europe/Helsinki wall-clock time and the languages it serves. Whether a desk
 * is open now, and when it opens next, is computed in Helsinki time whatever the server's zone.
 */
import { readFileSync } from 'node:fs';

export type LocalisedName = Record<string, string>;
export interface Topic {
  id: string;
  name: LocalisedName;
  /** ISO weekday (1 = Monday) → [opens, closes] as HH:MM in Helsinki. */
  hours: Record<string, [string, string]>;
  languages: string[];
}
export interface Desks {
  averageMinutes: number;
  organisations: Map<string, Topic[]>;
}

export function loadDesks(dir: string): Desks {
  const raw = JSON.parse(readFileSync(`${dir}desks.json`, 'utf8')) as {
    averageMinutesPerConversation: number;
    organisations: Record<string, { topics: Topic[] }>;
  };
  return {
    averageMinutes: raw.averageMinutesPerConversation,
    organisations: new Map(Object.entries(raw.organisations).map(([id, o]) => [id, o.topics])),
  };
}

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** ISO weekday and minutes after midnight, in Helsinki, at `at`. */
export function helsinkiClock(at: Date): { weekday: number; minutes: number } {
  const parts = Object.fromEntries(PARTS.formatToParts(at).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 1, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isOpen(topic: Topic, at: Date): boolean {
  const { weekday, minutes } = helsinkiClock(at);
  const h = topic.hours[String(weekday)];
  return h !== undefined && minutes >= toMinutes(h[0]) && minutes < toMinutes(h[1]);
}

/** The next opening as { weekday, time } in Helsinki (within a week), or undefined when never open. */
export function nextOpening(topic: Topic, at: Date): { weekday: number; time: string } | undefined {
  const { weekday, minutes } = helsinkiClock(at);
  for (let d = 0; d <= 7; d++) {
    const day = ((weekday - 1 + d) % 7) + 1;
    const h = topic.hours[String(day)];
    if (!h) continue;
    if (d === 0 && minutes >= toMinutes(h[0])) continue;
    return { weekday: day, time: h[0] };
  }
  return undefined;
}
