/**
 * Pure helpers of the project timeline: the API's shapes, date arithmetic on ISO days, the
 * timeline's scale (days → pixels for week and month zoom) and the grid's keyboard moves.
 * No DOM, so the layout and the key handling are testable without a browser.
 */
import type { components } from '../../contract/schema.gen.js';

export type Project = components['schemas']['Project'];
export type ProjectApplication = components['schemas']['ProjectApplication'];
export type ProjectWarning = components['schemas']['ProjectWarning'];
export type ProjectEvent = components['schemas']['ProjectEvent'];
export type ApplicationState = components['schemas']['ApplicationState'];

/** Every state the element can be in (also the names of its custom CSS states). */
export const PROJECT_TIMELINE_STATES = ['loading', 'load-error', 'empty', 'ready'] as const;
export type ProjectTimelineState = (typeof PROJECT_TIMELINE_STATES)[number];

export type Zoom = 'week' | 'month';
/** Pixels per day at each zoom. */
export const PX_PER_DAY: Readonly<Record<Zoom, number>> = { week: 14, month: 4 };

const DAY = 86_400_000;
export const dayNumber = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
export const isoOf = (n: number): string => new Date(n * DAY).toISOString().slice(0, 10);

export interface Scale {
  start: number;
  days: number;
  px: number;
  width: number;
  /** Ticks: the first day of each week (Monday) or month, with its x. */
  ticks: { day: string; x: number }[];
}

/** The days the timeline spans: a week before the first date to two weeks after the last, always including today. */
export function scaleFor(project: Pick<Project, 'applications' | 'milestones' | 'neededBy' | 'today'>, zoom: Zoom): Scale {
  const days: number[] = [dayNumber(project.today)];
  if (project.neededBy) days.push(dayNumber(project.neededBy));
  for (const m of project.milestones) days.push(dayNumber(m.date));
  for (const a of project.applications) {
    for (const d of [a.latestSubmission, a.submittedOn, a.forecast.from, a.forecast.to, a.decidedOn]) if (d) days.push(dayNumber(d));
  }
  const start = Math.min(...days) - 7;
  const end = Math.max(...days) + 14;
  const px = PX_PER_DAY[zoom];
  const ticks: Scale['ticks'] = [];
  for (let n = start; n <= end; n++) {
    const iso = isoOf(n);
    const first = zoom === 'week' ? new Date(n * DAY).getUTCDay() === 1 : iso.endsWith('-01');
    if (first) ticks.push({ day: iso, x: (n - start) * px });
  }
  return { start, days: end - start + 1, px, width: (end - start + 1) * px, ticks };
}

export const xOf = (scale: Scale, iso: string): number => (dayNumber(iso) - scale.start) * scale.px;

/** A row of the grid: a group heading (one cell) or an application (three cells). */
export type GridRow = { kind: 'group'; key: string; label: string; count: number } | { kind: 'app'; key: string; app: ProjectApplication };

export function gridRows(apps: readonly ProjectApplication[], group: boolean, authorityName: (a: ProjectApplication) => string): GridRow[] {
  if (!group) return apps.map((app) => ({ kind: 'app', key: app.id, app }));
  const groups = new Map<string, ProjectApplication[]>();
  for (const a of apps) {
    const k = authorityName(a);
    groups.set(k, [...(groups.get(k) ?? []), a]);
  }
  const rows: GridRow[] = [];
  for (const [label, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push({ kind: 'group', key: `g:${label}`, label, count: list.length });
    for (const app of list) rows.push({ kind: 'app', key: app.id, app });
  }
  return rows;
}

/** Cells per row: a group row has one, an application row three (name, state, timeline). */
export const cellsIn = (row: GridRow | undefined): number => (row?.kind === 'group' ? 1 : 3);

/**
 * The APG grid's keyboard moves: arrows between cells, Home/End to the row's first and last
 * cell, Ctrl+Home/End to the grid's first and last, PageUp/PageDown five rows. Returns the new
 * position, or null when the key is not a move. Row 0 is the header row (three cells).
 */
export function move(
  key: string,
  ctrl: boolean,
  at: { row: number; col: number },
  rows: number,
  cells: (row: number) => number,
): { row: number; col: number } | null {
  const clampCol = (row: number, col: number) => Math.max(0, Math.min(col, cells(row) - 1));
  let { row, col } = at;
  switch (key) {
    case 'ArrowRight':
      col = Math.min(col + 1, cells(row) - 1);
      break;
    case 'ArrowLeft':
      col = Math.max(col - 1, 0);
      break;
    case 'ArrowDown':
      row = Math.min(row + 1, rows - 1);
      col = clampCol(row, col);
      break;
    case 'ArrowUp':
      row = Math.max(row - 1, 0);
      col = clampCol(row, col);
      break;
    case 'PageDown':
      row = Math.min(row + 5, rows - 1);
      col = clampCol(row, col);
      break;
    case 'PageUp':
      row = Math.max(row - 5, 0);
      col = clampCol(row, col);
      break;
    case 'Home':
      if (ctrl) row = 0;
      col = 0;
      break;
    case 'End':
      if (ctrl) row = rows - 1;
      col = cells(row) - 1;
      break;
    default:
      return null;
  }
  return { row, col };
}
