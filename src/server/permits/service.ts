/**
 * The server side of the permit-need explorer: rule packs loaded and validated once at start
 * (load-packs.ts), each organisation's pack per mode resolved once and
 * kept pre-serialised with its ETag, processing-time forecasts from the `permit_cases` history
 * (cached in memory for a short time), and server-side evaluation with the shared engine.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '../../shared/permit-engine/evaluate.js';
import { DEFAULT_PACK_DIR, SCHEMA_FILE, loadPacks } from './load-packs.js';
import type { Result, ResolvedPack } from '../../shared/permit-engine/types.js';
import type { Catalog, OrganisationRow } from '../organisations/catalog.js';
import type { Queryable } from '../db/index.js';
import { PERMIT_MODES, type PermitMode } from '../../contract/values.js';
import type { CaseRule } from './seed.js';

export type { PermitMode };
/** The national default pack of each mode, used when an organisation names none. */
export const DEFAULT_PERMIT_PACKS: Readonly<Record<PermitMode, string>> = { events: 'fi-events', industrial: 'fi-industrial' };

export interface OrganisationPack {
  pack: ResolvedPack;
  /** The GET /v1/permits/packs/{mode} body, serialised once. */
  body: string;
  /** Strong ETag: `"<pack id>@<version>-<hash of the body>"`. */
  etag: string;
}

export interface ProcessingTimeForecast {
  ruleId: string;
  authorityId: string;
  cases: number;
  medianDays: number | null;
  p80Days: number | null;
  typicalDays: number | null;
  source: 'history' | 'pack' | 'none';
  /** Shortest and longest decided case (history only): the range the forecast comes from. */
  minDays: number | null;
  maxDays: number | null;
  /** How the figures were made: median and 80th percentile of decided cases, the pack's typical value, or nothing. */
  method: 'median-p80' | 'pack-typical' | 'none';
}

export interface PermitCaseInput {
  organisation: string;
  ruleId: string;
  authorityId?: string | undefined;
  submittedOn: string;
  decidedOn?: string | null | undefined;
  outcome?: string | null | undefined;
}

export interface PermitCaseReceipt {
  id: number;
  organisation: string;
  ruleId: string;
  authorityId: string;
  submittedOn: string;
  decidedOn: string | null;
  outcome: string | null;
  forecast: ProcessingTimeForecast;
}

/** What is wrong with a case, as a JSON pointer and a stable code (the route turns it into a 400). */
export class CaseInputError extends Error {
  constructor(
    readonly pointer: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const DECIDED_OUTCOMES = new Set(['granted', 'granted-with-conditions', 'refused', 'acknowledged']);

/** Loads every pack in `dir` (schema from `dir` when it has one, else the built-in one). Throws RulePackError. */
export function loadRulePacks(dir: string): Map<string, ResolvedPack> {
  const schemaDir = existsSync(join(dir, SCHEMA_FILE)) ? dir : DEFAULT_PACK_DIR;
  return loadPacks(dir, schemaDir);
}

/** The pack as served: everything but `provenance` (an internal validation aid). */
export function publicPack(pack: ResolvedPack): Omit<ResolvedPack, 'provenance'> {
  const rest: Omit<ResolvedPack, 'provenance'> & { provenance?: unknown } = { ...pack };
  delete rest.provenance;
  return rest;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

export class PermitService {
  private byOrganisation = new Map<string, OrganisationPack>();
  private forecasts = new Map<string, { until: number; items: Promise<ProcessingTimeForecast[]> }>();

  constructor(
    readonly packs: ReadonlyMap<string, ResolvedPack>,
    private readonly options: { minCases: number; cacheSeconds: number },
  ) {}

  get minCases(): number {
    return this.options.minCases;
  }

  /** The rules past cases are seeded for: those of the national default packs. */
  caseRules(): CaseRule[] {
    const out: CaseRule[] = [];
    for (const id of Object.values(DEFAULT_PERMIT_PACKS)) {
      for (const r of this.packs.get(id)?.rules ?? []) {
        out.push({ ruleId: r.id, authorityId: r.authority, kind: r.kind, processingDays: r.processingDays });
      }
    }
    return out;
  }

  /**
   * Resolves every organisation's pack per mode (after each catalog reload). Throws when an
   * organisation names a pack that is not loaded, so a misconfiguration stops the server at start.
   */
  rebuild(catalog: Catalog): void {
    const next = new Map<string, OrganisationPack>();
    const serialised = new Map<string, string>();
    const problems: string[] = [];
    for (const org of catalog.organisations.values()) {
      for (const mode of PERMIT_MODES) {
        const packId = packIdFor(org, mode);
        const pack = this.packs.get(packId);
        if (!pack) {
          problems.push(`organisation ${org.id}: mode ${mode} names rule pack "${packId}", which is not loaded`);
          continue;
        }
        let packJson = serialised.get(packId);
        if (packJson === undefined) {
          packJson = JSON.stringify(publicPack(pack));
          serialised.set(packId, packJson);
        }
        const body = `{"organisation":${JSON.stringify({ id: org.id, name: org.name })},"mode":"${mode}","pack":${packJson}}`;
        const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
        next.set(`${org.id}\u0000${mode}`, { pack, body, etag: `"${pack.id}@${pack.version}-${hash}"` });
      }
    }
    if (problems.length) {
      throw new Error(
        `Unknown rule packs in the organisations' permit_packs (known: ${[...this.packs.keys()].join(', ')}):\n${problems.join('\n')}`,
      );
    }
    this.byOrganisation = next;
    this.forecasts.clear();
  }

  forOrganisation(organisation: string, mode: PermitMode): OrganisationPack | undefined {
    return this.byOrganisation.get(`${organisation}\u0000${mode}`);
  }

  /** Forgets the cached forecasts (after new cases are recorded). */
  clearForecasts(): void {
    this.forecasts.clear();
  }

  /** One forecast per rule of `pack`; cached per pack for `cacheSeconds`, concurrent callers share one query. */
  processingTimes(db: Queryable, pack: ResolvedPack): Promise<ProcessingTimeForecast[]> {
    const now = performance.now();
    const hit = this.forecasts.get(pack.id);
    if (hit && hit.until > now) return hit.items;
    const items = this.queryForecasts(db, pack);
    if (this.options.cacheSeconds > 0) {
      this.forecasts.set(pack.id, { until: now + this.options.cacheSeconds * 1000, items });
      // A failed query is not cached.
      items.catch(() => {
        if (this.forecasts.get(pack.id)?.items === items) this.forecasts.delete(pack.id);
      });
    }
    return items;
  }

  private async queryForecasts(db: Queryable, pack: ResolvedPack): Promise<ProcessingTimeForecast[]> {
    const ruleIds = [...new Set(pack.rules.map((r) => r.id))];
    const { rows } = await db.query<{
      rule_id: string;
      authority_id: string;
      n: number;
      median: number | string | null;
      p80: number | string | null;
      min: number | string | null;
      max: number | string | null;
    }>(
      `SELECT rule_id, authority_id, count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY decided_on - submitted_on) AS median,
              percentile_cont(0.8) WITHIN GROUP (ORDER BY decided_on - submitted_on) AS p80,
              min(decided_on - submitted_on) AS min, max(decided_on - submitted_on) AS max
         FROM permit_cases
        WHERE decided_on IS NOT NULL AND rule_id = ANY($1::text[])
        GROUP BY rule_id, authority_id`,
      [ruleIds],
    );
    const stats = new Map(rows.map((r) => [`${r.rule_id}\u0000${r.authority_id}`, r]));
    const minCases = this.options.minCases;
    return pack.rules.map((rule): ProcessingTimeForecast => {
      const s = stats.get(`${rule.id}\u0000${rule.authority}`);
      const cases = s?.n ?? 0;
      const typicalDays = typeof rule.processingDays === 'number' ? rule.processingDays : null;
      if (s && cases >= minCases && s.median !== null && s.p80 !== null) {
        return {
          ruleId: rule.id,
          authorityId: rule.authority,
          cases,
          medianDays: round1(Number(s.median)),
          p80Days: round1(Number(s.p80)),
          typicalDays,
          source: 'history',
          minDays: s.min === null ? null : Number(s.min),
          maxDays: s.max === null ? null : Number(s.max),
          method: 'median-p80',
        };
      }
      return {
        ruleId: rule.id,
        authorityId: rule.authority,
        cases,
        medianDays: null,
        p80Days: null,
        typicalDays,
        source: typicalDays === null ? 'none' : 'pack',
        minDays: null,
        maxDays: null,
        method: typicalDays === null ? 'none' : 'pack-typical',
      };
    });
  }

  /**
   * Records one case of an organisation (staff): the rule must be an obligation of one of its
   * packs and the authority one of that pack's; dates in order and not in the future
   * (Europe/Helsinki). Clears the forecast cache so the next forecast counts the case.
   */
  async recordCase(db: Queryable, input: PermitCaseInput, today: string): Promise<PermitCaseReceipt> {
    let pack: ResolvedPack | undefined;
    for (const mode of PERMIT_MODES) {
      const p = this.forOrganisation(input.organisation, mode)?.pack;
      if (p?.rules.some((r) => r.id === input.ruleId)) {
        pack = p;
        break;
      }
    }
    const rule = pack?.rules.find((r) => r.id === input.ruleId);
    if (!pack || !rule)
      throw new CaseInputError('/ruleId', 'unknown', `"${input.ruleId}" is not a permit type of this organisation's packs`);
    // Forecasts group cases by the rule's authority, so a case is recorded at that authority.
    const authorityId = input.authorityId ?? rule.authority;
    if (authorityId !== rule.authority)
      throw new CaseInputError(
        '/authorityId',
        'not_rule_authority',
        `"${input.ruleId}" is handled by "${rule.authority}" in pack ${pack.id}`,
      );
    const decidedOn = input.decidedOn ?? null;
    const outcome = input.outcome ?? null;
    if (input.submittedOn > today) throw new CaseInputError('/submittedOn', 'in_future', 'submittedOn is in the future');
    if (decidedOn !== null) {
      if (decidedOn < input.submittedOn) throw new CaseInputError('/decidedOn', 'before_submitted', 'decidedOn is before submittedOn');
      if (decidedOn > today) throw new CaseInputError('/decidedOn', 'in_future', 'decidedOn is in the future');
      if (outcome === null || !DECIDED_OUTCOMES.has(outcome))
        throw new CaseInputError(
          '/outcome',
          'required',
          'a decided case needs an outcome: granted, granted-with-conditions, refused or acknowledged',
        );
    } else if (outcome !== null && outcome !== 'withdrawn') {
      throw new CaseInputError('/outcome', 'needs_decision', 'only "withdrawn" (or no outcome) without decidedOn');
    }
    const { rows } = await db.query<{ id: number | string }>(
      `INSERT INTO permit_cases (organisation_id, rule_id, authority_id, submitted_on, decided_on, outcome)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.organisation, input.ruleId, authorityId, input.submittedOn, decidedOn, outcome],
    );
    this.clearForecasts();
    const forecast = (await this.processingTimes(db, pack)).find((f) => f.ruleId === rule.id) as ProcessingTimeForecast;
    return {
      id: Number(rows[0]?.id),
      organisation: input.organisation,
      ruleId: input.ruleId,
      authorityId,
      submittedOn: input.submittedOn,
      decidedOn,
      outcome,
      forecast,
    };
  }

  evaluate(pack: ResolvedPack, answers: Readonly<Record<string, unknown>>, today: string): Result {
    return evaluate(pack, answers, today);
  }
}

function packIdFor(org: OrganisationRow, mode: PermitMode): string {
  const mapping: unknown = org.permitPacks;
  const named = mapping && typeof mapping === 'object' && !Array.isArray(mapping) ? (mapping as Record<string, unknown>)[mode] : undefined;
  return typeof named === 'string' && named !== '' ? named : DEFAULT_PERMIT_PACKS[mode];
}

/** Parses an If-None-Match header: true when it matches `etag` (weak comparison, `*` matches). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((part) => {
    const tag = part.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}
