import { i18n, lookupChain } from './i18n.js';
import type { Language } from './languages.js';
import { importLocaleModule } from './locale-modules.js';

/** Review status every locale file carries under "$meta" (stripped before i18next sees it). */
export interface LocaleMeta {
  reviewed: boolean;
  reviewer?: string;
  note?: string;
}

const loaded = new Map<string, Promise<void>>();
const metas = new Map<string, LocaleMeta>();

function loadOne(lng: Language, ns: string): Promise<void> {
  const id = `${lng}/${ns}`;
  let promise = loaded.get(id);
  if (!promise) {
    promise = importLocaleModule(lng, ns).then(
      (resource) => {
        const { $meta, ...strings } = resource;
        if ($meta) metas.set(id, $meta as LocaleMeta);
        i18n.addResourceBundle(lng, ns, strings, true, true);
      },
      (error: unknown) => {
        loaded.delete(id); // let a later attempt retry
        throw error;
      },
    );
    loaded.set(id, promise);
  }
  return promise;
}

/**
 * Loads the namespaces for a language and its fallbacks (each file once, lazily, in its own chunk).
 * Generic: a widget only names its namespace; there is no per-component switch.
 */
export async function loadNamespaces(lng: Language, namespaces: readonly string[]): Promise<void> {
  await Promise.all(lookupChain(lng).flatMap((code) => namespaces.map((ns) => loadOne(code, ns))));
}

/** True when loadNamespaces(lng, namespaces) has nothing left to fetch. */
export function isLoaded(lng: Language, namespaces: readonly string[]): boolean {
  return lookupChain(lng).every((code) => namespaces.every((ns) => i18n.hasResourceBundle(code, ns)));
}

/** The "$meta" review record of a loaded locale file. */
export function localeMeta(lng: Language, ns: string): LocaleMeta | undefined {
  return metas.get(`${lng}/${ns}`);
}
