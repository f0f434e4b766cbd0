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

/** Chunks every widget shares (vite.config.ts codeSplitting groups). */
const sharedRuntime = new Set(['lit', 'i18next', 'core']);

export const budgets = {
  autoloadGzip: 1536,
  feedbackFirstLoadGzip: 40 * 1024,
  feedbackOwnChunkGzip: 12 * 1024,
} as const;

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

export function measureSizes(locale = 'fi') {
  const manifest = loadManifest();
  const autoload = staticClosure(manifest, 'src/autoload.ts');
  const feedback = staticClosure(manifest, 'src/widgets/feedback/define.ts');
  const firstLoad = new Set([...autoload, ...feedback]);
  for (const ns of ['common', 'feedback']) {
    const key = `src/locales/${locale}/${ns}.json`;
    if (manifest[key]) staticClosure(manifest, key, firstLoad);
  }
  // The widget's own code: what its entry pulls in beyond the shared runtime chunks
  // (the codeSplitting groups in vite.config.ts).
  const own = [...feedback].filter((k) => !sharedRuntime.has(manifest[k]?.name ?? ''));
  return {
    autoloadGzip: sum(manifest, autoload),
    feedbackFirstLoadGzip: sum(manifest, firstLoad),
    feedbackOwnChunkGzip: sum(manifest, own),
    feedbackFirstLoadFiles: [...firstLoad].map((k) => fileOf(manifest, k)).sort(),
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const sizes = measureSizes();
  const over = (Object.keys(budgets) as (keyof typeof budgets)[]).filter((k) => sizes[k] > budgets[k]);
  for (const k of Object.keys(budgets) as (keyof typeof budgets)[]) {
    console.log(`${over.includes(k) ? 'OVER' : 'ok  '} ${k}: ${sizes[k]} B gzip (budget ${budgets[k]} B)`);
  }
  console.log(JSON.stringify({ sizes, budgets }));
  if (process.argv.includes('--check') && over.length > 0) {
    console.error(`Size budget exceeded: ${over.join(', ')}`);
    process.exit(1);
  }
}
