/**
 * Authorities that no longer exist, and a check that a pack valid after their end does not
 * send anyone to them. On 1 January 2026 the regional state administrative agencies (AVI),
 * the ELY Centres and Valvira ceased: their permit and supervision duties moved to the
 * national Lupa- ja valvontavirasto, most other ELY duties (roads, traffic, water management)
 * to ten regional elinvoimakeskukset (sources: STT releases of 18.12.2025 and 19.12.2025,
 * tem.fi; see docs/rule-packs.md).
 *
 * Checked: authority names and URLs, every user-visible text of questions, rules, obstacles
 * and recommendations, and rule links. Not checked: `sources` and `unverified` (maintainers'
 * evidence may well cite an old avi.fi page) and entry ids (stable ids such as
 * `environmental-permit-avi` are kept so recorded cases and host pages keep working).
 */
import type { ResolvedPack } from './types.js';

export interface CeasedAuthority {
  name: string;
  /** The first day it no longer existed (YYYY-MM-DD). */
  ceased: string;
  /** Matches its name in any of the packs' languages. */
  pattern: RegExp;
  /** Its web hosts. */
  hosts: readonly string[];
}

export const CEASED_AUTHORITIES: readonly CeasedAuthority[] = [
  {
    name: 'Aluehallintovirasto (AVI)',
    ceased: '2026-01-01',
    pattern: /aluehallintoviras|\bAVI\b|regionförvaltningsverk|\bRFV\b|Regional State Administrative Agenc|Guovlluhálddahusdoaimmahat/i,
    hosts: ['avi.fi'],
  },
  {
    name: 'ELY-keskus',
    ceased: '2026-01-01',
    pattern:
      /\bELY\b|ELY-|elinkeino-, liikenne- ja ympäristökes|NTM-central|närings-, trafik- och miljöcentral|Centre for Economic Development, Transport and the Environment/i,
    hosts: ['ely-keskus.fi', 'ntm-centralen.fi'],
  },
  { name: 'Valvira', ceased: '2026-01-01', pattern: /Valvira/i, hosts: ['valvira.fi'] },
];

const hostOf = (url: unknown): string => {
  if (typeof url !== 'string') return '';
  const m = /^https?:\/\/([^/:?#]+)/i.exec(url);
  return (m?.[1] ?? '').toLowerCase().replace(/^www\./, '');
};

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function texts(x: unknown, where: string, out: [string, string][]): void {
  if (!isObj(x)) return;
  for (const [k, v] of Object.entries(x)) if (typeof v === 'string') out.push([`${where} (${k})`, v]);
}

/**
 * Problems, one line each, where a pack valid from `pack.validFrom` names or links an
 * authority that had ceased by then. Packs without `validFrom` are not checked (they make no claim).
 */
export function ceasedAuthorityMentions(pack: ResolvedPack, list: readonly CeasedAuthority[] = CEASED_AUTHORITIES): string[] {
  const validFrom = typeof pack.validFrom === 'string' ? pack.validFrom : undefined;
  if (!validFrom) return [];
  const gone = list.filter((a) => a.ceased <= validFrom);
  if (!gone.length) return [];
  const strings: [string, string][] = [];
  const urls: [string, unknown][] = [];
  for (const a of Array.isArray(pack.authorities) ? pack.authorities : []) {
    texts(a.name, `authority "${a.id}" name`, strings);
    urls.push([`authority "${a.id}" url`, a.url]);
  }
  for (const q of Array.isArray(pack.questions) ? pack.questions : []) {
    texts(q.label, `question "${q.id}" label`, strings);
    texts(q.help, `question "${q.id}" help`, strings);
    for (const o of q.options ?? []) texts(o.label, `question "${q.id}" option "${o.value}"`, strings);
  }
  const rules = [...(Array.isArray(pack.rules) ? pack.rules : []), ...(Array.isArray(pack.recommendations) ? pack.recommendations : [])];
  for (const r of rules) {
    texts(r.title, `rule "${r.id}" title`, strings);
    texts(r.summary, `rule "${r.id}" summary`, strings);
    texts(r.legalBasis?.text, `rule "${r.id}" legal basis`, strings);
    for (const o of r.obstacles ?? []) {
      texts(o.text, `rule "${r.id}" obstacle "${o.id}"`, strings);
      texts(o.advice, `rule "${r.id}" obstacle "${o.id}" advice`, strings);
    }
    urls.push([`rule "${r.id}" apply link`, r.links?.apply], [`rule "${r.id}" info link`, r.links?.info]);
  }
  const out: string[] = [];
  for (const a of gone) {
    for (const [where, s] of strings)
      if (a.pattern.test(s)) out.push(`${where} names ${a.name}, which ceased on ${a.ceased} (the pack is valid from ${validFrom})`);
    for (const [where, u] of urls) {
      const host = hostOf(u);
      if (host && a.hosts.some((h) => host === h || host.endsWith(`.${h}`)))
        out.push(`${where} links ${host} (${a.name}, ceased on ${a.ceased}; the pack is valid from ${validFrom})`);
    }
  }
  return out;
}
