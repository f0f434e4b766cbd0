/**
 * The availability calendar: one month as an APG date grid (`role="grid"`). Arrow keys move a
 * day or a week, Page Up / Page Down a month (with Shift a year), Home / End to the start or
 * end of the week; Enter or Space picks the first day and then the last day of the stay. Each
 * day says its status in text (free, held, booked, closed, past) — a symbol on screen with a
 * legend, the word in the cell's accessible name — never by colour alone.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { heading } from '../../ui/heading.js';
import { addDays, addMonths, dayStatus, weekday, type DayStatus, type Venue } from './model.js';

export interface CalendarOptions {
  venue: Venue;
  today: string;
  /** The focused day (the roving tabindex). */
  focus: string;
  start: string;
  end: string;
  level: number;
  /** Locales for Intl (core's intlLocales: Northern Sámi through Finnish, which Chromium has date data for). */
  locale: string[];
  label: (key: 'calendar.title' | 'calendar.prev' | 'calendar.next' | 'calendar.help' | `day.${DayStatus}`) => string;
  onFocus: (date: string) => void;
  onPick: (date: string) => void;
}

export const DAY_SYMBOL: Record<DayStatus, string> = { free: '○', held: '◐', booked: '●', closed: '✕', past: '–' };

/** The day a key moves focus to, or null for a key the grid does not use. */
export function moveKey(date: string, key: string, shift: boolean): string | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(date, -1);
    case 'ArrowRight':
      return addDays(date, 1);
    case 'ArrowUp':
      return addDays(date, -7);
    case 'ArrowDown':
      return addDays(date, 7);
    case 'PageUp':
      return addMonths(date, shift ? -12 : -1);
    case 'PageDown':
      return addMonths(date, shift ? 12 : 1);
    case 'Home':
      return addDays(date, -weekday(date));
    case 'End':
      return addDays(date, 6 - weekday(date));
    default:
      return null;
  }
}

export function calendar(o: CalendarOptions): TemplateResult {
  const first = `${o.focus.slice(0, 7)}-01`;
  const gridStart = addDays(first, -weekday(first));
  const month = new Intl.DateTimeFormat(o.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${first}T00:00:00Z`),
  );
  const dayName = new Intl.DateTimeFormat(o.locale, { weekday: 'short', timeZone: 'UTC' });
  const longDay = new Intl.DateTimeFormat(o.locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
  const weeks: string[][] = [];
  for (let d = gridStart; d.slice(0, 7) <= first.slice(0, 7) || weeks.length < 5;) {
    const week: string[] = [];
    for (let i = 0; i < 7; i++, d = addDays(d, 1)) week.push(d);
    weeks.push(week);
    if (weeks.length === 6) break;
  }
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      o.onPick(o.focus);
      return;
    }
    const next = moveKey(o.focus, e.key, e.shiftKey);
    if (!next) return;
    e.preventDefault();
    o.onFocus(next);
  };
  const inRange = (d: string) => o.start !== '' && d >= o.start && d <= (o.end || o.start);
  return html`
    <div part="calendar" class="calendar">
      <div class="cal-head">
        <button type="button" part="button" class="secondary" @click=${() => o.onFocus(addMonths(o.focus, -1))}>
          <span aria-hidden="true">‹</span> ${o.label('calendar.prev')}
        </button>
        <div aria-live="polite">${heading(o.level, month, { id: 'cal-month', class: 'cal-month' })}</div>
        <button type="button" part="button" class="secondary" @click=${() => o.onFocus(addMonths(o.focus, 1))}>
          ${o.label('calendar.next')} <span aria-hidden="true">›</span>
        </button>
      </div>
      <p class="hint" id="cal-help">${o.label('calendar.help')}</p>
      <table role="grid" aria-labelledby="cal-month" aria-describedby="cal-help" @keydown=${onKey}>
        <thead>
          <tr>
            ${weeks[0]?.map((d) => html`<th scope="col" abbr=${new Intl.DateTimeFormat(o.locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`))}>${dayName.format(new Date(`${d}T00:00:00Z`))}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${weeks.map(
            (week) => html`<tr>
              ${week.map((d) => {
                const status = dayStatus(o.venue, d, o.today);
                const other = d.slice(0, 7) !== first.slice(0, 7);
                const selected = inRange(d);
                return html`<td
                  role="gridcell"
                  data-date=${d}
                  class="day ${status} ${other ? 'other' : ''} ${selected ? 'selected' : ''}"
                  tabindex=${d === o.focus ? '0' : '-1'}
                  aria-selected=${selected ? 'true' : 'false'}
                  aria-disabled=${status === 'past' ? 'true' : nothing}
                  @click=${() => {
                    o.onFocus(d);
                    o.onPick(d);
                  }}
                >
                  <span aria-hidden="true" class="num">${Number(d.slice(8))}</span>
                  <span aria-hidden="true" class="sym">${DAY_SYMBOL[status]}</span>
                  <span class="visually-hidden">${longDay.format(new Date(`${d}T00:00:00Z`))}, ${o.label(`day.${status}`)}</span>
                </td>`;
              })}
            </tr>`,
          )}
        </tbody>
      </table>
      <ul class="legend" part="legend">
        ${(['free', 'held', 'booked', 'closed'] as const).map(
          (s) => html`<li><span aria-hidden="true" class="sym ${s}">${DAY_SYMBOL[s]}</span> ${o.label(`day.${s}`)}</li>`,
        )}
      </ul>
    </div>
  `;
}
