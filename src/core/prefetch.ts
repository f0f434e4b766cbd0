/**
 * The hand-over of early API requests from the autoloader to the widgets' API client.
 *
 * When a widget's tag first appears, src/autoload.ts starts the GET requests of its first view
 * (the form definition, the rule pack) at the same time as the widget's code, and leaves each
 * response promise in a page-wide map under `Symbol.for('luukku.prefetch')`, keyed by the
 * absolute URL with its query parameters sorted. The client takes a promise from there, once,
 * instead of sending the same request again after the code has arrived. A symbol from the
 * global registry, not a module variable: the autoloader imports nothing, and two copies of
 * Luukku on one page share the map.
 *
 * The autoloader sends `accept: application/json, application/problem+json` and
 * `credentials: 'omit'`, the same as the client's own GET, so the answer is the one the client
 * would have had.
 */
const KEY = Symbol.for('luukku.prefetch');

type PrefetchMap = Map<string, Promise<Response>>;

/** The key both sides use: the absolute URL, query parameters sorted. */
export function prefetchKey(url: string): string {
  const absolute = new URL(url, document.baseURI);
  absolute.searchParams.sort();
  return absolute.href;
}

/**
 * The response of a GET the autoloader started for `url`, if there is one; it is removed from
 * the map, so a later request (a retry, a reload) goes to the network. A rejected promise means
 * the early request failed: make the request yourself.
 */
export function takePrefetched(url: string): Promise<Response> | undefined {
  const map = (globalThis as unknown as Record<symbol, PrefetchMap | undefined>)[KEY];
  if (!map?.size) return undefined;
  const key = prefetchKey(url);
  const response = map.get(key);
  map.delete(key);
  return response;
}
