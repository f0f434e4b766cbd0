/**
 * `npm run bench`: every figure the issues set a bar for, printed as lines for people
 * and, last, one JSON object for machines. Run it under scripts/with-postgres.sh (the
 * npm script does) so the PostgreSQL figures are measured too.
 *
 *   --quick                      3 start-up runs, 3-second loads
 *   --only=sizes,startup,…       just these parts (sizes, engine, startup, lighthouse, load)
 */
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { measureSizes, budgets } from './sizes.js';
import { measureStartup, feedbackWidget, permitExplorerWidget, type StartupFigures } from './startup.js';
import { measureLoad, type LoadFigures } from './load.js';
import { measurePermitEngine } from './permit-engine.js';
import { describeLighthouse, measureLighthouse } from './lighthouse.js';

const root = join(import.meta.dirname, '..', '..');
const quick = process.argv.includes('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const want = (part: 'sizes' | 'engine' | 'startup' | 'lighthouse' | 'load'): boolean => !only || only.includes(part);

if (!existsSync(join(root, 'dist', '.vite', 'manifest.json'))) {
  execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
}

const sizes = want('sizes') ? measureSizes() : undefined;
if (sizes) {
  console.log(
    `sizes (gzip bytes): autoload ${sizes.autoloadGzip} (budget ${budgets.autoloadGzip}), feedback first load ${sizes.feedbackFirstLoadGzip} (goal ${sizes.feedbackFirstLoadGoalGzip}, budget ${budgets.feedbackFirstLoadGzip}), feedback own chunk ${sizes.feedbackOwnChunkGzip} (budget ${budgets.feedbackOwnChunkGzip}), permit explorer first load ${sizes.permitExplorerFirstLoadGzip} (${sizes.permitExplorerFirstLoadDropGzip >= 0 ? `${sizes.permitExplorerFirstLoadDropGzip} less` : `${-sizes.permitExplorerFirstLoadDropGzip} more`} than before; the lazy outbox, no longer in it: ${sizes.outboxLazyGzip}), permit explorer own chunk ${sizes.permitExplorerOwnChunkGzip} (budget ${budgets.permitExplorerOwnChunkGzip}), outbox in a first load: ${sizes.lazyModulesInFirstLoad.length ? sizes.lazyModulesInFirstLoad.join(', ') : 'no'}`,
  );
}

const permitEngine = want('engine') ? measurePermitEngine() : undefined;
if (permitEngine) {
  console.log(
    `permit engine: ${permitEngine.evaluations} random answer sets against the default event pack, median ${permitEngine.medianMs} ms, p95 ${permitEngine.p95Ms} ms per evaluation`,
  );
}

let startup: Record<string, StartupFigures> | undefined;
if (want('startup')) {
  const runs = quick ? 3 : 9;
  startup = { feedback: await measureStartup(feedbackWidget, runs), permitExplorer: await measureStartup(permitExplorerWidget, runs) };
  for (const [widget, f] of Object.entries(startup)) {
    for (const phase of ['cold', 'repeat'] as const) {
      const p = f[phase];
      console.log(
        `${widget} start-up (${phase}), ${f.cpuThrottling}× CPU, navigation → first frame with it: net main thread ${p.netMainThreadMsMedian} ms (widget page ${p.widgetMainThreadMsMedian} − empty page ${p.emptyMainThreadMsMedian}; max ${p.netMainThreadMsMax}; net main-thread CPU time ${p.netCpuMsMedian} ms), longest task ${p.longestTaskMsMedian} ms (max ${p.longestTaskMsMax}), on screen after ${p.visibleMsMedian} ms (empty page ${p.emptyVisibleMsMedian} ms), ${p.requests} requests (median of ${f.runs})`,
      );
    }
    console.log(
      `${widget} request chain: ${f.chainDepth} deep (${f.chain.join(' → ')}), API request at depth ${f.apiDepth}; repeat visits: ${f.repeatChunksFromNetwork} chunk requests to the network, ${f.repeatChunksFromCache} from the cache; chunks served with "${f.chunkCacheControl.join('" / "')}"`,
    );
  }
}

// The bar is for the front page (a hub without widgets); the rescue department's page with the feedback form is an extra line.
const lighthouseFigures = want('lighthouse') ? await measureLighthouse(['/', '/pelastuslaitos.html']) : undefined;
for (const f of lighthouseFigures ?? []) console.log(describeLighthouse(f));

const seconds = quick ? 3 : 10;
const load: LoadFigures[] = [];
if (want('load')) {
  load.push(await measureLoad('pglite', { seconds }));
  if (process.env.DATABASE_URL) load.push(await measureLoad('postgres', { seconds }));
  else console.log('DATABASE_URL is not set: PostgreSQL load figures skipped (npm run bench starts one).');
}
for (const l of load) {
  console.log(
    `load ${l.database}: ${l.submitPerSecond} submissions/s (p50 ${l.submitP50Ms} ms, p99 ${l.submitP99Ms} ms, non-2xx ${l.non2xx}), /health ${l.healthPerSecond}/s, ratio ${l.submitToHealthRatio}`,
  );
}

if (!only || only.includes('timeline')) await (await import('./project-timeline.js')).runProjectTimelineBench(quick ? 5 : 15);
if (!only || only.includes('chat')) await import('./chat.js').then((m) => m.printChat());
// Feedback insights aggregations over a seeded year (issue 9): scripts/bench/feedback-insights.ts.
const insights = await (await import('./feedback-insights.js')).measureAndPrint(want('load'));

if (!only || only.includes('venue-map'))
  for (const l of (await import('./venue-map.js')).describeVenueMap(await (await import('./venue-map.js')).measureVenueMap({ quick })))
    console.log(l);
console.log(
  JSON.stringify({
    date: new Date().toISOString(),
    insights,
    node: process.version,
    sizes,
    permitEngine,
    startup,
    lighthouse: lighthouseFigures,
    load,
  }),
);
