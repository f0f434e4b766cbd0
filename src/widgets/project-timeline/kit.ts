/**
 * What the element lends to its lazily loaded parts (staff.ts, feed.ts): types only, so the
 * element's chunk and the lazy chunks share no code through this module.
 */
import type { TemplateResult } from 'lit';
import type { ProjectTimelineKey } from '../../core/i18n/keys.js';
import type { Project, ProjectApplication } from './model.js';

export type Translate = (key: ProjectTimelineKey, values?: Record<string, unknown>) => string;

export interface Kit {
  t: Translate;
  busy: boolean;
  /** A text field (or textarea) whose typed text is kept by id. */
  field: (id: string, label: string, type: string, o?: { value?: string; required?: boolean }) => TemplateResult;
  /** Day / month / year fields whose typed parts are kept by id. */
  dateField: (id: string, label: string, scope: string, o?: { required?: boolean }) => TemplateResult;
  draft: (id: string, fallback?: string) => string;
  setDraft: (id: string, value: string) => void;
  /** Whether the problem shown now is the field's (`showDateProblem(scope, id, …)`). */
  invalid: (scope: string, id: string) => boolean;
  /** The typed date as YYYY-MM-DD ('' when empty and allowed), or undefined after showing what is wrong. */
  dateValue: (scope: string, id: string, o?: { required?: boolean; notBefore?: string }) => Promise<string | undefined>;
  showDateProblem: (scope: string, id: string, key: ProjectTimelineKey) => Promise<void>;
  /** Sends one change; keeps the typed text on failure, clears `clear` on success. */
  act: (
    scope: string,
    path: string,
    o: { method?: 'POST' | 'PATCH' | 'PUT' | 'DELETE'; body?: unknown; ifMatch?: string },
    clear?: string[],
  ) => Promise<boolean>;
  date: (iso: string | null | undefined) => string;
  /** Re-renders the element. */
  update: () => void;
  /** Focuses the first match in the element's shadow root after the next render. */
  focus: (selector: string) => Promise<void>;
  announce: (message: string, assertive?: boolean) => void;
}

export type { Project, ProjectApplication };
