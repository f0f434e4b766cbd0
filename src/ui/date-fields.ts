import { css, html, nothing, type TemplateResult } from 'lit';
import { dateExample, type DateParts } from '../shared/date-parts.js';

/** The `common` namespace's texts the fields need (labels in the page's language, never the browser's). */
export type DateFieldKey = 'common:date.day' | 'common:date.month' | 'common:date.year' | 'common:date.hint';

export interface DateFieldsOptions {
  /** The inputs' ids are `<id>-day`, `<id>-month` and `<id>-year`; the hint is `<id>-hint`. */
  id: string;
  /** The group's name, shown as its `<legend>` (a string, or a heading for a question page). */
  legend: string | TemplateResult;
  /** What the person has typed so far: pass it back unchanged on every render. */
  parts: DateParts;
  /** Looks up the labels and the format hint (a widget's `t`, which reaches the `common` namespace); the hint takes `{ example }`. */
  t: (key: DateFieldKey, values?: { example: string }) => string;
  onInput: (parts: DateParts, part: keyof DateParts) => void;
  invalid?: boolean;
  /** The error message (e.g. `fieldError(...)`), shown under the hint; its id belongs in `describedBy`. */
  error?: TemplateResult | typeof nothing;
  /** Help above the hint, e.g. `<p id="q-help">`; its id belongs in `describedBy`. */
  help?: TemplateResult | typeof nothing;
  /** Ids that describe the group besides the hint (help, error). */
  describedBy?: string;
  /** Extra classes and the `part` of the fieldset, for the widget's own layout. */
  className?: string;
  part?: string;
  /** Marks the day input with `data-answer` (the permit explorer focuses its answer by it). */
  dataAnswer?: boolean;
  required?: boolean;
}

const PARTS = [
  { part: 'day', key: 'common:date.day', max: 2, width: 'w2' },
  { part: 'month', key: 'common:date.month', max: 2, width: 'w2' },
  { part: 'year', key: 'common:date.year', max: 4, width: 'w4' },
] as const;

/** All three fields as they are now (read from the DOM: two inputs between renders must not lose the first). */
function readParts(input: HTMLInputElement, id: string): DateParts {
  const root = input.getRootNode() as ParentNode;
  const value = (part: keyof DateParts): string => root.querySelector<HTMLInputElement>(`#${id}-${part}`)?.value ?? '';
  return { day: value('day'), month: value('month'), year: value('year') };
}

/**
 * A date as three text fields, day / month / year (the GOV.UK date input pattern): no native
 * date picker, whose format follows the browser's language ("mm/dd/yyyy") instead of the page's,
 * and which screen readers announce poorly. The fields keep exactly what was typed;
 * `dateFromParts` (src/shared/date-parts.ts) turns them into `YYYY-MM-DD` or names the problem.
 * Styles: `dateFieldStyles`.
 */
export function dateFields(o: DateFieldsOptions): TemplateResult {
  const hintId = `${o.id}-hint`;
  const describedBy = [hintId, o.describedBy ?? ''].filter(Boolean).join(' ');
  const invalid = o.invalid ? 'true' : 'false';
  return html`
    <fieldset part=${o.part ?? 'date-fields'} class="date-fields ${o.className ?? ''} ${o.invalid ? 'invalid' : ''}" aria-describedby=${describedBy}>
      <legend>${o.legend}</legend>
      ${o.help ?? nothing}
      <p id=${hintId} class="hint">${o.t('common:date.hint', { example: dateExample() })}</p>
      ${o.error ?? nothing}
      <div class="date-parts">
        ${PARTS.map(
          (p, i) => html`<div class="date-part">
            <label for="${o.id}-${p.part}">${o.t(p.key)}</label>
            <input id="${o.id}-${p.part}" class="input date-input ${p.width}" type="text" inputmode="numeric" autocomplete="off"
              maxlength=${p.max} ?data-answer=${o.dataAnswer === true && i === 0} ?required=${o.required === true} .value=${o.parts[p.part]}
              aria-invalid=${invalid}
              @input=${(e: InputEvent) => o.onInput(readParts(e.target as HTMLInputElement, o.id), p.part)} />
          </div>`,
        )}
      </div>
    </fieldset>
  `;
}

/** Layout of `dateFields`: day, month and year side by side, wrapping on narrow screens; widths fit their digits. */
export const dateFieldStyles = css`
  .date-fields {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  .date-parts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1rem;
  }
  .date-part {
    display: grid;
    gap: 0.25rem;
  }
  .date-part label {
    font-weight: 600;
  }
  .date-input.w2 {
    width: calc(2ch + 1.5rem + 4px);
  }
  .date-input.w4 {
    width: calc(4ch + 1.5rem + 4px);
  }
`;
