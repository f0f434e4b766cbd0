/**
 * Layering: a pack may `extends` another. The child adds questions, authorities, rules and
 * recommendations, and overrides entries with the same id by deep merge (objects merge key by
 * key — texts per locale, contacts, links, deadline fields; arrays and conditions are replaced
 * whole). `"disabled": true` removes an inherited entry. New questions go to the end, or right
 * after the question named by `after`.
 */
import type { Pack, Provenance, ResolvedPack, Section } from './types.js';

export class PackResolutionError extends Error {
  constructor(
    message: string,
    readonly packId: string,
    readonly reason: 'cycle' | 'unknown-parent' | 'unknown-pack',
  ) {
    super(message);
    this.name = 'PackResolutionError';
  }
}

const SECTIONS: readonly Section[] = ['questions', 'authorities', 'rules', 'recommendations'];
/** Keys replaced whole rather than merged: conditions must never be merged key by key. */
const ATOMIC = new Set(['when', 'askIf', 'value']);
/** Top-level keys that are not merged as plain fields. */
const TOP_SKIP = new Set(['questions', 'authorities', 'rules', 'recommendations', 'extends', '$schema', '$comment']);

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function clone<T>(x: T): T {
  return x === undefined ? x : (JSON.parse(JSON.stringify(x)) as T);
}

/** Deep merge of `patch` onto `base` (a fresh object; inputs untouched). */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlain(base) || !isPlain(patch)) return clone(patch);
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    out[k] = ATOMIC.has(k) || !isPlain(v) || !isPlain(base[k]) ? clone(v) : deepMerge(base[k], v);
  }
  return out;
}

/** The chain of pack ids from the root to `id`. Throws PackResolutionError on a cycle or unknown id. */
export function extendsChain(packs: ReadonlyMap<string, Pack>, id: string): string[] {
  const chain: string[] = [];
  let cur: string | undefined = id;
  while (cur !== undefined) {
    if (chain.includes(cur)) {
      throw new PackResolutionError(`extends cycle: ${[...chain, cur].join(' → ')}`, id, 'cycle');
    }
    const p = packs.get(cur);
    if (!p) {
      if (cur === id) throw new PackResolutionError(`unknown pack "${id}"`, id, 'unknown-pack');
      throw new PackResolutionError(`pack "${chain[chain.length - 1] ?? id}" extends unknown pack "${cur}"`, id, 'unknown-parent');
    }
    chain.push(cur);
    cur = p.extends;
  }
  return chain.reverse();
}

type Entry = Record<string, unknown> & { id: string };

/** Resolve `id` against the packs it extends. Throws PackResolutionError on a cycle or a missing pack. */
export function resolvePack(packs: ReadonlyMap<string, Pack>, id: string): ResolvedPack {
  const chain = extendsChain(packs, id);
  const lists: Record<Section, Entry[]> = { questions: [], authorities: [], rules: [], recommendations: [] };
  const provenance: Provenance = { chain, entries: { questions: {}, authorities: {}, rules: {}, recommendations: {} } };
  let top: Record<string, unknown> = {};
  for (const packId of chain) {
    const pack = packs.get(packId) as Pack;
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(pack)) if (!TOP_SKIP.has(k)) rest[k] = v;
    top = deepMerge(top, rest) as Record<string, unknown>;
    for (const section of SECTIONS) {
      const entries: unknown = pack[section];
      if (!Array.isArray(entries)) continue;
      const list = lists[section];
      const prov = provenance.entries[section];
      entries.forEach((raw: unknown, index: number) => {
        if (!isPlain(raw) || typeof raw.id !== 'string') return;
        const entryId = raw.id;
        (prov[entryId] ??= []).push({ pack: packId, index, keys: Object.keys(raw) });
        const at = list.findIndex((e) => e.id === entryId);
        if (raw.disabled === true) {
          if (at >= 0) list.splice(at, 1);
          return;
        }
        const { after, ...patch } = raw;
        if (at >= 0) {
          list[at] = deepMerge(list[at], patch) as Entry;
          return;
        }
        const entry = clone(patch) as Entry;
        const pos = typeof after === 'string' ? list.findIndex((e) => e.id === after) : -1;
        if (pos >= 0) list.splice(pos + 1, 0, entry);
        else list.push(entry);
      });
    }
  }
  const defaults = isPlain(top.defaults) ? top.defaults : {};
  return {
    ...top,
    id,
    version: typeof top.version === 'string' ? top.version : '',
    translationReview: isPlain(top.translationReview) ? top.translationReview : {},
    defaults: { amberDays: typeof defaults.amberDays === 'number' ? defaults.amberDays : 7 },
    reference: (isPlain(top.reference) ? top.reference : { date: '' }) as unknown as ResolvedPack['reference'],
    title: top.title as ResolvedPack['title'],
    questions: lists.questions as unknown as ResolvedPack['questions'],
    authorities: lists.authorities as unknown as ResolvedPack['authorities'],
    rules: lists.rules as unknown as ResolvedPack['rules'],
    recommendations: lists.recommendations as unknown as ResolvedPack['recommendations'],
    provenance,
  };
}
