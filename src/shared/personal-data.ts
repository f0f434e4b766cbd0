/**
 * Personal data in free text: a Finnish personal identity code (henkilötunnus, with its date
 * and check character verified), a phone number or an email address. The feedback form uses
 * `findPersonalData` to ask the writer to remove them before sending; the server runs
 * `maskPersonalData` on whatever still arrives. Isomorphic: no DOM, no Node.
 *
 * Heuristics, not a guarantee: names and street addresses are not detected.
 */

export type PersonalDataKind = 'hetu' | 'phone' | 'email';

export interface PersonalDataMatch {
  kind: PersonalDataKind;
  index: number;
  text: string;
}

const HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const CENTURY: Record<string, number> = { '+': 1800, '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900 };
for (const c of 'ABCDEF') CENTURY[c] = 2000;

/** True when `code` is a valid henkilötunnus: a real date, a century sign, the individual number and the check character. */
export function isHetu(code: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/i.exec(code);
  if (!m) return false;
  const [, dd, mm, yy, sign, nnn, check] = m as unknown as [string, string, string, string, string, string, string];
  const year = (CENTURY[sign.toUpperCase()] ?? 0) + Number(yy);
  const date = new Date(Date.UTC(year, Number(mm) - 1, Number(dd)));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== Number(mm) - 1 || date.getUTCDate() !== Number(dd)) return false;
  return HETU_CHECK[Number(dd + mm + yy + nnn) % 31] === check.toUpperCase();
}

const HETU = /(?<![\dA-Za-z])\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?![\dA-Za-z])/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// +358 40 123 4567, 040-123 4567, 09 1234 5678, (09) 123 456, 0401234567: starts with + or 0, 7–15 digits.
const PHONE = /(?<![\w.,/+-])(?:\+|00)?\(?0?\d[\d\s()-]{5,18}\d(?![\w.,/-]*\d)/g;

const digits = (s: string): number => s.replace(/\D/g, '').length;

/** Every personal identity code, email address and phone number in `text`, in order. */
export function findPersonalData(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  const taken: [number, number][] = [];
  const add = (kind: PersonalDataKind, index: number, s: string): void => {
    if (taken.some(([a, b]) => index < b && index + s.length > a)) return;
    taken.push([index, index + s.length]);
    found.push({ kind, index, text: s });
  };
  for (const m of text.matchAll(HETU)) if (isHetu(m[0])) add('hetu', m.index, m[0]);
  for (const m of text.matchAll(EMAIL)) add('email', m.index, m[0]);
  for (const m of text.matchAll(PHONE)) {
    const s = m[0].trimEnd();
    const n = digits(s);
    // A phone number starts with +, 00 or 0 (Finnish numbers) and has 7–15 digits; "2025" or "12 3" are not.
    if (n >= 7 && n <= 15 && /^(?:\+|\(?0)/.test(s)) add('phone', m.index, s);
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The placeholder that replaces each kind on the server (Finnish: the staff reading the texts see it). */
export const MASKS: Record<PersonalDataKind, string> = {
  hetu: '[henkilötunnus poistettu]',
  phone: '[puhelinnumero poistettu]',
  email: '[sähköposti poistettu]',
};

/** `text` with every detected piece of personal data replaced by its placeholder. */
export function maskPersonalData(text: string): string {
  let out = '';
  let at = 0;
  for (const m of findPersonalData(text)) {
    out += text.slice(at, m.index) + MASKS[m.kind];
    at = m.index + m.text.length;
  }
  return out + text.slice(at);
}
