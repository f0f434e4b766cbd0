/**
 * `npm run bench`: every figure the issues set a bar for, printed as lines for people
 * and, last, one JSON object for machines. Run it under scripts/with-postgres.sh (the
 * npm script does) so the PostgreSQL figures are measured too.
 */
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { measureSizes, budgets } from './sizes.js';
import { measureStartup, feedbackWidget, permitExplorerWidget } from './startup.js';
import { measureLoad, type LoadFigures } from './load.js';
import { startServer } from '../server-process.js';
import { measurePermitEngine } from './permit-engine.js';

const root = join(import.meta.dirname, '..', '..');
const quick = process.argv.includes('--quick');

if (!existsSync(join(root, 'dist', '.vite', 'manifest.json'))) {
  execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
}

const sizes = measureSizes();
console.log(`sizes (gzip bytes): autoload ${sizes.autoloadGzip} (budget ${budgets.autoloadGzip}), feedback first load ${sizes.feedbackFirstLoadGzip} (budget ${budgets.feedbackFirstLoadGzip}), feedback own chunk ${sizes.feedbackOwnChunkGzip} (budget ${budgets.feedbackOwnChunkGzip}), permit explorer first load ${sizes.permitExplorerFirstLoadGzip}, permit explorer own chunk ${sizes.permitExplorerOwnChunkGzip} (budget ${budgets.permitExplorerOwnChunkGzip})`);

const permitEngine = measurePermitEngine();
console.log(`permit engine: ${permitEngine.evaluations} random answer sets against the default event pack, median ${permitEngine.medianMs} ms, p95 ${permitEngine.p95Ms} ms per evaluation`);

const server = await startServer();
let startup;
try {
  startup = {
    feedback: await measureStartup(server.url, feedbackWidget, quick ? 3 : 9),
    permitExplorer: await measureStartup(server.url, permitExplorerWidget, quick ? 3 : 9),
  };
} finally {
  await server.stop();
}
for (const [widget, figures] of Object.entries(startup)) {
  for (const phase of ['cold', 'warm'] as const) {
    const p = figures[phase];
    console.log(`${widget} start-up (${phase}), ${figures.cpuThrottling}× CPU throttling: main thread median ${p.mainThreadMsMedian} ms (max ${p.mainThreadMsMax}), longest task ${p.longestTaskMs} ms, first question visible after ${p.firstQuestionVisibleMsMedian} ms (median of ${figures.runs})`);
  }
}

const seconds = quick ? 3 : 10;
const load: LoadFigures[] = [await measureLoad('pglite', { seconds })];
if (process.env.DATABASE_URL) load.push(await measureLoad('postgres', { seconds }));
else console.log('DATABASE_URL is not set: PostgreSQL load figures skipped (npm run bench starts one).');
for (const l of load) {
  console.log(`load ${l.database}: ${l.submitPerSecond} submissions/s (p50 ${l.submitP50Ms} ms, p99 ${l.submitP99Ms} ms, non-2xx ${l.non2xx}), /health ${l.healthPerSecond}/s, ratio ${l.submitToHealthRatio}`);
}

console.log(JSON.stringify({ date: new Date().toISOString(), node: process.version, sizes, permitEngine, startup, load }));
