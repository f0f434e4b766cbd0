/**
 * Lighthouse (mobile: its default Moto G Power profile, simulated slow 4G and 4× CPU) on pages of
 * the demo site, served by the reference server (PGlite, the built dist/), in Debian Chromium.
 * Bars (issue 7): performance ≥ 95, accessibility 100, best practices 100 on the front page.
 *
 *   node --import tsx scripts/bench/lighthouse.ts [path …]   prints the scores and what cost points
 *
 * Lighthouse 12.8: version 13 needs Node 22. Not part of `npm test` (scores of simulated runs
 * vary by a point or two; they are figures, not assertions).
 */
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromiumPath, chromiumArgs } from '../chromium.js';
import { startServer } from '../server-process.js';

export const lighthouseBars = { performance: 0.95, accessibility: 1, 'best-practices': 1 } as const;

export interface LighthouseFigures {
  path: string;
  lighthouse: string;
  /** Category scores, 0–100. */
  scores: Record<keyof typeof lighthouseBars, number>;
  metrics: { fcpMs: number; lcpMs: number; tbtMs: number; cls: number; speedIndexMs: number };
  /** Audits that cost points (score < 1) in the three categories, with Lighthouse's title. */
  failing: { category: string; id: string; title: string; score: number; displayValue?: string }[];
  /** Lighthouse's main-thread work by kind (ms, as simulated), largest first: where TBT comes from. */
  mainThread: Record<string, number>;
}

export async function measureLighthouse(paths: readonly string[] = ['/']): Promise<LighthouseFigures[]> {
  const server = await startServer();
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath(), chromeFlags: chromiumArgs });
  const figures: LighthouseFigures[] = [];
  try {
    for (const path of paths) {
      const result = await lighthouse(new URL(path, server.url).href, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: Object.keys(lighthouseBars),
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`Lighthouse on ${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const score = (id: string): number => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const numeric = (id: string): number => Number((lhr.audits[id]?.numericValue ?? 0).toFixed(id === 'cumulative-layout-shift' ? 3 : 0));
      const failing: LighthouseFigures['failing'] = [];
      for (const id of Object.keys(lighthouseBars)) {
        for (const ref of lhr.categories[id]?.auditRefs ?? []) {
          const audit = lhr.audits[ref.id];
          if (!audit || audit.score === null || audit.score >= 1 || (ref.weight === 0 && id === 'performance')) continue;
          if (audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'notApplicable' || audit.scoreDisplayMode === 'manual')
            continue;
          failing.push({
            category: id,
            id: ref.id,
            title: audit.title,
            score: audit.score,
            ...(audit.displayValue ? { displayValue: audit.displayValue } : {}),
          });
        }
      }
      figures.push({
        path,
        lighthouse: lhr.lighthouseVersion,
        scores: { performance: score('performance'), accessibility: score('accessibility'), 'best-practices': score('best-practices') },
        metrics: {
          fcpMs: numeric('first-contentful-paint'),
          lcpMs: numeric('largest-contentful-paint'),
          tbtMs: numeric('total-blocking-time'),
          cls: numeric('cumulative-layout-shift'),
          speedIndexMs: numeric('speed-index'),
        },
        failing,
        mainThread: Object.fromEntries(
          (
            (lhr.audits['mainthread-work-breakdown']?.details as { items?: { groupLabel: string; duration: number }[] } | undefined)
              ?.items ?? []
          )
            .sort((a, b) => b.duration - a.duration)
            .map((i) => [i.groupLabel, Math.round(i.duration)]),
        ),
      });
    }
  } finally {
    chrome.kill();
    await server.stop();
  }
  return figures;
}

export function describeLighthouse(f: LighthouseFigures): string {
  const bars = (Object.keys(lighthouseBars) as (keyof typeof lighthouseBars)[])
    .map((k) => `${k} ${f.scores[k]}${f.scores[k] < lighthouseBars[k] * 100 ? ` (bar ${lighthouseBars[k] * 100}: MISSED)` : ''}`)
    .join(', ');
  const m = f.metrics;
  const lines = [
    `lighthouse ${f.lighthouse} mobile ${f.path}: ${bars}; FCP ${m.fcpMs} ms, LCP ${m.lcpMs} ms, TBT ${m.tbtMs} ms, CLS ${m.cls}, Speed Index ${m.speedIndexMs} ms`,
  ];
  lines.push(
    `  main thread: ${Object.entries(f.mainThread)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(', ')}`,
  );
  for (const a of f.failing)
    lines.push(`  ${a.category}: ${a.id} (${a.title})${a.displayValue ? ` ${a.displayValue}` : ''}, score ${a.score}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const paths = process.argv.slice(2).filter((a) => a.startsWith('/'));
  const figures = await measureLighthouse(paths.length ? paths : ['/']);
  for (const f of figures) console.log(describeLighthouse(f));
  console.log(JSON.stringify(figures));
}
