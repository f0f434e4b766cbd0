/**
 * iCalendar (RFC 5545) for deadlines and dated events (permit deadlines, timeline milestones, reservations). Pure: no DOM, no clock
 * (the caller passes `now`), so the output is testable byte for byte.
 */

export interface IcsDeadline {
  /** Stable part of the UID, e.g. the rule id; the UID is `<key>-<date>@<domain>`. */
  key: string;
  /** Latest day to submit, YYYY-MM-DD. */
  date: string;
  /** Latest time (HH:MM, Europe/Helsinki) for deadlines counted in hours; omitted = all-day event. */
  time?: string | null;
  summary: string;
  description?: string;
  url?: string;
  /** Reminder this many days before (VALARM); omitted or 0 = no reminder. */
  alarmDaysBefore?: number;
  /** Optional end (YYYY-MM-DD) for an entry that spans days, e.g. the event itself; omitted = one day / 30 minutes. */
  endDate?: string | null;
  /** Optional end time (HH:MM, Europe/Helsinki) for a timed entry; omitted = 30 minutes after the start. */
  endTime?: string | null;
}

export interface IcsCalendar {
  /** PRODID, e.g. `-//Luukku//Permit explorer//FI`. */
  prodId: string;
  /** X-WR-CALNAME shown by calendar apps. */
  name?: string;
  /** DTSTAMP of every event. */
  now: Date;
  domain?: string;
  events: readonly IcsDeadline[];
}

import { helsinkiToUtc } from './helsinki-time.js';

const CRLF = '\r\n';
const encoder = new TextEncoder();

/** Escapes a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 3.1): continuation lines start with one
 * space, which counts towards their 75. Never splits a UTF-8 character.
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space takes one octet
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

const pad = (n: number): string => String(n).padStart(2, '0');

function utcStamp(date: Date): string {
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

const compactDate = (date: string): string => date.replace(/-/g, '');

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return `${next.getUTCFullYear()}${pad(next.getUTCMonth() + 1)}${pad(next.getUTCDate())}`;
}

/** The VCALENDAR text, CRLF line endings, folded lines. */
export function buildIcs(calendar: IcsCalendar): string {
  const domain = calendar.domain ?? 'luukku.permit-explorer';
  const lines: string[] = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${calendar.prodId}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (calendar.name) lines.push(`X-WR-CALNAME:${escapeText(calendar.name)}`);
  const stamp = utcStamp(calendar.now);
  for (const event of calendar.events) {
    lines.push('BEGIN:VEVENT', `UID:${event.key}-${compactDate(event.date)}@${domain}`, `DTSTAMP:${stamp}`);
    if (event.time) {
      const start = helsinkiToUtc(event.date, event.time);
      const end = event.endTime ? helsinkiToUtc(event.endDate ?? event.date, event.endTime) : null;
      const endMs = end && end.getTime() > start.getTime() ? end.getTime() : start.getTime() + 30 * 60_000;
      lines.push(`DTSTART:${utcStamp(start)}`, `DTEND:${utcStamp(new Date(endMs))}`);
    } else {
      const last = event.endDate && event.endDate >= event.date ? event.endDate : event.date;
      lines.push(`DTSTART;VALUE=DATE:${compactDate(event.date)}`, `DTEND;VALUE=DATE:${nextDay(last)}`);
    }
    lines.push(`SUMMARY:${escapeText(event.summary)}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.url) lines.push(`URL:${event.url}`);
    lines.push('TRANSP:TRANSPARENT');
    if (event.alarmDaysBefore) {
      lines.push(
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        `TRIGGER:-P${event.alarmDaysBefore}D`,
        `DESCRIPTION:${escapeText(event.summary)}`,
        'END:VALARM',
      );
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
