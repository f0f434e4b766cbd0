/**
 * Permit-engine benchmark: 10,000 random well-typed answer sets against the resolved national
 * event pack, each `evaluate` call timed with performance.now(). Bar: median < 0.2 ms.
 * Run alone: `node --import tsx scripts/bench/permit-engine.ts` (prints JSON).
 */
import { fileURLToPath } from 'node:url';
import { evaluate } from '../../src/shared/permit-engine/evaluate.js';
import { loadPacks } from '../../src/server/permits/load-packs.js';
import type { Question } from '../../src/shared/permit-engine/types.js';
import { mulberry32 } from '../../src/server/permits/seed.js';

export interface PermitEngineFigures {
  evaluations: number;
  medianMs: number;
  p95Ms: number;
}

function randomAnswer(q: Question, r: () => number): unknown {
  const opts = (q.options ?? []).map((o) => o.value);
  const pad = (n: number): string => String(n).padStart(2, '0');
  switch (q.type) {
    case 'date':
      return `2027-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`;
    case 'time':
      return `${pad(Math.floor(r() * 24))}:${pad(Math.floor(r() * 60))}`;
    case 'number':
      return Math.floor(r() * 10000);
    case 'boolean':
      return r() < 0.5;
    case 'choice':
      return opts[Math.floor(r() * opts.length)];
    case 'multiChoice':
      return opts.filter(() => r() < 0.3);
    default:
      return 'text';
  }
}

export function measurePermitEngine(evaluations = 10_000): PermitEngineFigures {
  const pack = loadPacks().get('fi-events');
  if (!pack) throw new Error('fi-events pack missing');
  // Deterministic (the seed's PRNG), so runs are comparable.
  const r = mulberry32(20270612);
  const sets = Array.from({ length: evaluations }, () => {
    const a: Record<string, unknown> = {};
    for (const q of pack.questions) if (r() < 0.9) a[q.id] = randomAnswer(q, r);
    return a;
  });
  for (let i = 0; i < 500; i++) evaluate(pack, sets[i % sets.length] ?? {}, '2027-04-01'); // warm-up
  const times = new Float64Array(evaluations);
  for (let i = 0; i < evaluations; i++) {
    const t0 = performance.now();
    evaluate(pack, sets[i] ?? {}, '2027-04-01');
    times[i] = performance.now() - t0;
  }
  times.sort();
  const at = (p: number): number => Number((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(4));
  return { evaluations, medianMs: at(0.5), p95Ms: at(0.95) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(measurePermitEngine()));
}
