/**
 * Size budgets per entry point, from the Vite build manifest (dist/.vite/manifest.json).
 * Each file is gzipped on its own (level 9), as a server would send it, and summed.
 *
 *   node --import tsx scripts/bench/sizes.ts           prints the figures as JSON
 *   node --import tsx scripts/bench/sizes.ts --check   …and fails when a budget is exceeded
 */
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/**
 * Shared chunks (vite.config.ts codeSplitting groups): `runtime`, which every widget loads, and
 * `date-fields`, the shared day / month / year fields (src/ui/date-fields.ts + src/shared/date-parts.ts)
 * that only the widgets asking for a date load. Neither counts as a widget's own code; both count
 * in every first load that fetches them.
 */
const sharedRuntime = new Set(['runtime', 'date-fields']);

/** The issues' bars, in decimal kilobytes (1 KB = 1,000 bytes: the stricter reading). `--check` fails above these. */
export const budgets = {
  // 1,500 B was set for two tags; with seven the graph was compacted (vite.config.ts ChunkGraph:
  // one hash for all locale chunks) and each tag now costs about 25 B gzip (2026-12-02: 1,553 B).
  autoloadGzip: 1_600,
  feedbackFirstLoadGzip: 40_000,
  feedbackOwnChunkGzip: 12_000,
  permitExplorerOwnChunkGzip: 12_000,
  projectTimelineOwnChunkGzip: 15_000,
  /** The venue map's shell (list, filters, card, calendar, form); MapLibre and the map are a lazy chunk outside it. */
  venueMapOwnChunkGzip: 15_000,
  feedbackInsightsOwnChunkGzip: 20_000,
  /** Issue 10: the closed chat (launcher) beyond the shared runtime; the open chat (launcher + its lazy panel); the console. */
  chatLauncherOwnChunkGzip: 5_000,
  chatOpenGzip: 25_000,
  chatConsoleGzip: 30_000,
} as const;

/** Goals below the hard budgets: reported, not enforced. */
export const goals = {
  feedbackFirstLoadGzip: 30_000,
} as const;

/** The explorer's first load before the outbox left the core chunk (docs/benchmarks.md, 2026-11-23). */
export const permitExplorerFirstLoadBefore = 43_457;

/**
 * Modules no first view may fetch: the offline outbox (and the IndexedDB wrapper under it) is a
 * dynamic import made at the first failed send, so a user who never goes offline never downloads
 * it, and the explorer never does.
 */
const lazyOnly = [
  /src\/core\/outbox\.ts$/,
  /node_modules\/idb-keyval\//,
  /node_modules\/maplibre-gl\//,
  /src\/widgets\/venue-map\/map-view\.ts$/,
  // The closed chat is only its launcher: the open chat's code is fetched on the first click.
  /src\/widgets\/chat\/chat-panel\.ts$/,
  // The timeline's official view, its calendar-feed section and its edit form are fetched only when used.
  /src\/widgets\/project-timeline\/(staff|feed|edit)\.ts$/,
];

const dist = join(import.meta.dirname, '..', '..', 'dist');

function loadManifest(): Manifest {
  const path = join(dist, '.vite', 'manifest.json');
  if (!existsSync(path)) throw new Error(`No build manifest at ${path}: run \`npm run build\` first.`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

const gzipCache = new Map<string, number>();
function gzipBytes(file: string): number {
  let size = gzipCache.get(file);
  if (size === undefined) {
    size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
    gzipCache.set(file, size);
  }
  return size;
}

/** Manifest keys reachable from `key` through static imports (the files a browser fetches at once). */
function staticClosure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  if (into.has(key)) return into;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`The build manifest has no entry ${key}`);
  into.add(key);
  for (const dep of chunk.imports ?? []) staticClosure(manifest, dep, into);
  return into;
}

function fileOf(manifest: Manifest, key: string): string {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`The build manifest has no entry ${key}`);
  return chunk.file;
}

function sum(manifest: Manifest, keys: Iterable<string>): number {
  const files = new Set([...keys].map((k) => fileOf(manifest, k)));
  let total = 0;
  for (const f of files) total += gzipBytes(f);
  return total;
}

/** The widgets measured: their define entry and the locale namespaces their first render needs. */
const widgets = {
  feedback: { entry: 'src/widgets/feedback/define.ts', namespaces: ['common', 'feedback'] },
  permitExplorer: { entry: 'src/widgets/permit-explorer/define.ts', namespaces: ['common', 'permit-explorer'] },
  projectTimeline: { entry: 'src/widgets/project-timeline/define.ts', namespaces: ['common', 'project-timeline'] },
  venueMap: { entry: 'src/widgets/venue-map/define.ts', namespaces: ['common', 'venue-map'] },
  feedbackInsights: { entry: 'src/widgets/feedback-insights/define.ts', namespaces: ['common', 'feedback-insights'] },
  chat: { entry: 'src/widgets/chat/define.ts', namespaces: ['common', 'chat'] },
  chatConsole: { entry: 'src/widgets/chat-console/define.ts', namespaces: ['common', 'chat-console'] },
} as const;

export interface WidgetSizes {
  /** Autoloader + shared runtime + widget + one locale, as a page's first visit fetches them. */
  firstLoadGzip: number;
  /** The widget's own code: its entry's imports beyond the shared runtime (vite.config.ts codeSplitting groups). */
  ownChunkGzip: number;
  /** Everything the widget can ever load of its own: start-up code plus lazy chunks (not locales). */
  allCodeGzip: number;
  firstLoadFiles: string[];
  /** Modules of `lazyOnly` found in the first-load files (from their source maps): must be empty. */
  lazyModulesInFirstLoad: string[];
}

/** The modules bundled into a built file, from its source map. */
function modulesOf(file: string): string[] {
  const map = join(dist, `${file}.map`);
  if (!existsSync(map)) throw new Error(`No source map ${map}: the size check reads the bundled modules from it.`);
  return (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources;
}

/** Like staticClosure, but following dynamic imports too (lazy chunks), skipping locale files. */
function fullClosure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  if (into.has(key) || key.startsWith('src/locales/')) return into;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`The build manifest has no entry ${key}`);
  into.add(key);
  for (const dep of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) fullClosure(manifest, dep, into);
  return into;
}

function measureWidget(
  manifest: Manifest,
  autoload: Set<string>,
  widget: (typeof widgets)[keyof typeof widgets],
  locale: string,
): WidgetSizes {
  const closure = staticClosure(manifest, widget.entry);
  const firstLoad = new Set([...autoload, ...closure]);
  for (const ns of widget.namespaces) {
    const key = `src/locales/${locale}/${ns}.json`;
    if (manifest[key]) staticClosure(manifest, key, firstLoad);
  }
  const own = [...closure].filter((k) => !sharedRuntime.has(manifest[k]?.name ?? ''));
  const all = [...fullClosure(manifest, widget.entry)].filter((k) => !sharedRuntime.has(manifest[k]?.name ?? ''));
  const firstLoadFiles = [...new Set([...firstLoad].map((k) => fileOf(manifest, k)))].sort();
  return {
    firstLoadGzip: sum(manifest, firstLoad),
    ownChunkGzip: sum(manifest, own),
    allCodeGzip: sum(manifest, all),
    firstLoadFiles,
    lazyModulesInFirstLoad: firstLoadFiles.flatMap((f) =>
      modulesOf(f)
        .filter((m) => lazyOnly.some((re) => re.test(m)))
        .map((m) => `${f}: ${m.replace(/^(\.\.\/)+/, '')}`),
    ),
  };
}

export function measureSizes(locale = 'fi') {
  const manifest = loadManifest();
  const autoload = staticClosure(manifest, 'src/autoload.ts');
  const feedback = measureWidget(manifest, autoload, widgets.feedback, locale);
  // The explorer lands in its own issue; until its entry is built it is simply not measured.
  const explorer = manifest[widgets.permitExplorer.entry] ? measureWidget(manifest, autoload, widgets.permitExplorer, locale) : undefined;
  const timeline = manifest[widgets.projectTimeline.entry] ? measureWidget(manifest, autoload, widgets.projectTimeline, locale) : undefined;
  const venueMap = manifest[widgets.venueMap.entry] ? measureWidget(manifest, autoload, widgets.venueMap, locale) : undefined;
  const insights = manifest[widgets.feedbackInsights.entry]
    ? measureWidget(manifest, autoload, widgets.feedbackInsights, locale)
    : undefined;
  const chat = manifest[widgets.chat.entry] ? measureWidget(manifest, autoload, widgets.chat, locale) : undefined;
  const chatConsole = manifest[widgets.chatConsole.entry] ? measureWidget(manifest, autoload, widgets.chatConsole, locale) : undefined;
  // The outbox's lazy chunk(s): what a first view no longer fetches since it left the core chunk.
  const outboxKey = Object.keys(manifest).find((k) => /src\/core\/outbox\.ts$/.test(k));
  const outbox = outboxKey
    ? [...staticClosure(manifest, outboxKey)].filter((k) => !staticClosure(manifest, widgets.feedback.entry).has(k))
    : [];
  return {
    autoloadGzip: sum(manifest, autoload),
    outboxLazyGzip: outbox.length ? sum(manifest, outbox) : 0,
    feedbackFirstLoadGzip: feedback.firstLoadGzip,
    feedbackOwnChunkGzip: feedback.ownChunkGzip,
    feedbackFirstLoadGoalGzip: goals.feedbackFirstLoadGzip,
    permitExplorerFirstLoadGzip: explorer?.firstLoadGzip ?? 0,
    permitExplorerFirstLoadDropGzip: explorer ? permitExplorerFirstLoadBefore - explorer.firstLoadGzip : 0,
    permitExplorerOwnChunkGzip: explorer?.ownChunkGzip ?? 0,
    permitExplorerAllCodeGzip: explorer?.allCodeGzip ?? 0,
    projectTimelineOwnChunkGzip: timeline?.ownChunkGzip ?? 0,
    projectTimelineFirstLoadGzip: timeline?.firstLoadGzip ?? 0,
    /** The timeline's lazy chunks (official view, feed, edit form), counted apart from its own code. */
    projectTimelineLazyGzip: timeline ? timeline.allCodeGzip - timeline.ownChunkGzip : 0,
    venueMapFirstLoadGzip: venueMap?.firstLoadGzip ?? 0,
    venueMapOwnChunkGzip: venueMap?.ownChunkGzip ?? 0,
    venueMapAllCodeGzip: venueMap?.allCodeGzip ?? 0,
    feedbackInsightsOwnChunkGzip: insights?.ownChunkGzip ?? 0,
    feedbackInsightsFirstLoadGzip: insights?.firstLoadGzip ?? 0,
    chatLauncherOwnChunkGzip: chat?.ownChunkGzip ?? 0,
    chatLauncherFirstLoadGzip: chat?.firstLoadGzip ?? 0,
    chatOpenGzip: chat?.allCodeGzip ?? 0,
    chatConsoleGzip: chatConsole?.allCodeGzip ?? 0,
    chatConsoleFirstLoadGzip: chatConsole?.firstLoadGzip ?? 0,
    feedbackFirstLoadFiles: feedback.firstLoadFiles,
    permitExplorerFirstLoadFiles: explorer?.firstLoadFiles ?? [],
    lazyModulesInFirstLoad: [
      ...feedback.lazyModulesInFirstLoad,
      ...(explorer?.lazyModulesInFirstLoad ?? []),
      ...(venueMap?.lazyModulesInFirstLoad ?? []),
      ...(chat?.lazyModulesInFirstLoad ?? []),
      ...(timeline?.lazyModulesInFirstLoad ?? []),
    ],
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const sizes = measureSizes();
  const over = (Object.keys(budgets) as (keyof typeof budgets)[]).filter((k) => sizes[k] > budgets[k]);
  for (const k of Object.keys(budgets) as (keyof typeof budgets)[]) {
    console.log(`${over.includes(k) ? 'OVER' : 'ok  '} ${k}: ${sizes[k]} B gzip (budget ${budgets[k]} B)`);
  }
  console.log(
    `${sizes.feedbackFirstLoadGzip > goals.feedbackFirstLoadGzip ? 'goal missed' : 'goal met'}: feedback first load ${sizes.feedbackFirstLoadGzip} B gzip (goal ${goals.feedbackFirstLoadGzip} B)`,
  );
  console.log(
    `info permit explorer first load: ${sizes.permitExplorerFirstLoadGzip} B gzip, ${sizes.permitExplorerFirstLoadDropGzip >= 0 ? `${sizes.permitExplorerFirstLoadDropGzip} B less` : `${-sizes.permitExplorerFirstLoadDropGzip} B more`} than the ${permitExplorerFirstLoadBefore} B before; the outbox it no longer fetches: ${sizes.outboxLazyGzip} B`,
  );
  const lazy = sizes.lazyModulesInFirstLoad;
  console.log(
    `${lazy.length ? 'FAIL' : 'ok  '} no first load includes the outbox, the map, the open chat or the timeline's staff/feed/edit parts${lazy.length ? `: ${lazy.join(', ')}` : ''}`,
  );
  console.log(JSON.stringify({ sizes, budgets, goals }));
  if (process.argv.includes('--check') && (over.length > 0 || lazy.length > 0)) {
    console.error(`Size budget exceeded: ${[...over, ...(lazy.length ? ['lazyModulesInFirstLoad'] : [])].join(', ')}`);
    process.exit(1);
  }
}
