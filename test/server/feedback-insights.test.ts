/**
 * The insights aggregations (GET /v1/feedback/insights, /national, /texts, /contact-requests)
 * against figures computed here, independently, from the small data set the test inserts:
 * n, mean, standard deviation and distribution per item, suppression of small groups (and of
 * what could be derived from them), version 1 answers only in the shared items, the early
 * warning, the national comparison, tones, masking of personal data, contact requests.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { monthsEnding } from '../../src/server/feedback/insights.js';
import { helsinkiToday } from '../../src/shared/helsinki-time.js';
import { buildApp, json, ORG, OTHER_ORG, post, problem, staff, submission, targets, type TestApp } from './helpers.js';

const Q = 'national-rescue-feedback';
type Answers = Record<string, number>;
interface Row {
  org: string;
  service: string;
  month: string;
  version: 1 | 2;
  answers: Answers;
  na?: string[];
  freeText?: string;
  contact?: { name: string; email: string };
  staff?: boolean;
}

const months = monthsEnding(); // 13 months ending with the last complete one
const LATEST = months[12]!;
const at = (month: string, day = 15): string => `${month}-${String(day).padStart(2, '0')}T10:00:00.000Z`;

// ---- the data set --------------------------------------------------------------------------
const rows: Row[] = [];
// fire-inspection: six history months of 6 answers each (overall 4,5,5,4,5,4 → mean 4.5), latest month 6 answers of 2 and 3.
for (const m of months.slice(6, 12)) {
  for (const s of [4, 5, 5, 4, 5, 4])
    rows.push({ org: ORG, service: 'fire-inspection', month: m, version: 2, answers: { overall: s, timeliness: s } });
}
for (const s of [2, 2, 3, 2, 3, 2]) {
  rows.push({ org: ORG, service: 'fire-inspection', month: LATEST, version: 2, answers: { overall: s, timeliness: 5 } });
}
// safety-training: one month with only 3 answers (suppressed), one with 7 of which 4 answer got-help (item suppressed), v1 answers pooled in overall only.
for (const s of [1, 1, 2]) rows.push({ org: ORG, service: 'safety-training', month: months[10]!, version: 2, answers: { overall: s } });
for (const [i, s] of [5, 4, 4, 3, 5, 5, 4].entries()) {
  rows.push({
    org: ORG,
    service: 'safety-training',
    month: months[11]!,
    version: i < 2 ? 1 : 2,
    answers: i < 2 ? { overall: s, 'treated-well': 1 } : i < 6 ? { overall: s, 'got-help': s } : { overall: s },
    ...(i >= 2 ? { na: ['accessibility'] } : {}),
  });
}
// Staff self-assessments beside the customers: 5 in the latest month of fire-inspection.
for (const s of [4, 4, 5, 3, 4])
  rows.push({ org: ORG, service: 'fire-inspection', month: LATEST, version: 2, answers: { overall: s }, staff: true });
// Another organisation (its figures must never appear in ORG's answers except inside the national figure).
for (const s of [3, 3, 3, 3, 3, 1])
  rows.push({ org: OTHER_ORG, service: 'fire-inspection', month: LATEST, version: 2, answers: { overall: s } });
// Free texts and contact requests.
rows.push({ org: ORG, service: 'customer-service', month: LATEST, version: 2, answers: { overall: 5, kind: 5 }, freeText: 'Kiitos!' });
rows.push({ org: ORG, service: 'customer-service', month: LATEST, version: 2, answers: { overall: 4, kind: 1 }, freeText: 'Töykeä.' });
rows.push({ org: ORG, service: 'customer-service', month: LATEST, version: 2, answers: { overall: 3 }, freeText: 'Ihan ok.' });
rows.push({
  org: ORG,
  service: 'customer-service',
  month: months[11]!,
  version: 2,
  answers: { overall: 2 },
  freeText: 'Soittakaa',
  contact: { name: 'A', email: 'a@example.invalid' },
});

/** Independent statistics of a list of scores. */
function stats(scores: number[]) {
  const n = scores.length;
  const mean = scores.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const distribution = [1, 2, 3, 4, 5].map((k) => scores.filter((s) => s === k).length);
  return { n, mean: Math.round(mean * 100) / 100, sd: Math.round(sd * 100) / 100, distribution, raw: { mean, sd } };
}
const scoresOf = (filter: (r: Row) => boolean, item: string): number[] =>
  rows.filter(filter).flatMap((r) => (r.answers[item] !== undefined ? [r.answers[item]] : []));

interface Cell {
  service: string;
  month: string;
  respondent: string;
  group: {
    n: number | null;
    suppressed: boolean;
    items: Record<
      string,
      { n: number | null; suppressed: boolean; mean?: number; sd?: number; distribution?: number[]; notApplicable?: number }
    >;
  };
}
interface Insights {
  items: string[];
  months: string[];
  minGroupSize: number;
  comparison: { versions: number[]; sharedItems: string[] };
  cells: Cell[];
  warnings: {
    service: string;
    respondent: string;
    item: string;
    month: string;
    mean: number;
    n: number;
    baselineMean: number;
    baselineN: number;
    standardError: number;
  }[];
}

for (const target of targets()) {
  describe(`feedback insights on ${target.name}`, () => {
    let t: TestApp;
    const cell = (b: Insights, service: string, month: string, respondent = 'customer') =>
      b.cells.find((c) => c.service === service && c.month === month && c.respondent === respondent);

    before(async () => {
      t = await buildApp(target);
      for (const [i, r] of rows.entries()) {
        const table = r.staff ? 'self_assessments' : 'feedback';
        const extra = r.staff ? ', service_event' : ', free_text, contact, locale';
        const values = r.staff ? [`E-${i}`] : [r.freeText ?? null, r.contact ? JSON.stringify(r.contact) : null, 'fi'];
        await t.db.query(
          `INSERT INTO ${table} (id, organisation_id, service_id, questionnaire_id, questionnaire_version, answers, not_applicable,
                                 idempotency_key, request_hash, received_at${extra})
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'h', $9${values.map((_, k) => `, $${10 + k}`).join('')})`,
          [
            randomUUID(),
            r.org,
            r.service,
            Q,
            r.version,
            JSON.stringify(r.answers),
            r.na ?? [],
            `t-${i}-xxxxxxxxxxxxxxxx`,
            at(r.month),
            ...values,
          ],
        );
      }
    });
    after(() => t.close());

    const get = async <T>(path: string, key?: string): Promise<T> => {
      const res = await t.app.request(path, { headers: staff(key) });
      assert.equal(res.status, 200, await res.clone().text());
      return json<T>(res);
    };

    it('per service and month: n, mean, sd and distribution per item, as computed here', async () => {
      const b = await get<Insights>(`/v1/feedback/insights?organisation=${ORG}`);
      assert.deepEqual(b.months, months);
      assert.equal(b.minGroupSize, 5);
      assert.deepEqual(b.comparison.sharedItems, ['overall', 'got-help', 'clear-information']);
      for (const m of [months[6]!, LATEST]) {
        const c = cell(b, 'fire-inspection', m)!;
        const expected = stats(scoresOf((r) => r.org === ORG && r.service === 'fire-inspection' && r.month === m && !r.staff, 'overall'));
        assert.equal(c.group.n, expected.n);
        assert.deepEqual(c.group.items.overall, {
          n: expected.n,
          suppressed: false,
          mean: expected.mean,
          sd: expected.sd,
          distribution: expected.distribution,
          notApplicable: 0,
        });
      }
      // Nothing of the other organisation.
      assert.ok(!JSON.stringify(b).includes(OTHER_ORG));
      assert.equal(
        b.cells.filter((c) => c.group.n === 6 && c.service === 'fire-inspection' && c.month === LATEST && c.respondent === 'customer')
          .length,
        1,
      );
    });

    it('suppresses groups and items under the minimum, and totals pool only what is shown', async () => {
      const b = await get<Insights>(`/v1/feedback/insights?organisation=${ORG}&service=safety-training`);
      assert.ok(b.cells.every((c) => c.service === 'safety-training'));
      const small = cell(b, 'safety-training', months[10]!)!;
      assert.deepEqual(small.group, { n: null, suppressed: true, items: {} });
      const big = cell(b, 'safety-training', months[11]!)!;
      assert.equal(big.group.n, 7);
      // got-help answered by 4 < 5: suppressed; overall pools version 1 and 2 (shared item).
      assert.deepEqual(big.group.items['got-help'], { n: null, suppressed: true });
      const overall = stats(scoresOf((r) => r.service === 'safety-training' && r.month === months[11], 'overall'));
      assert.equal(big.group.items.overall!.n, 7);
      assert.equal(big.group.items.overall!.mean, overall.mean);
      assert.equal(big.group.items.accessibility!.notApplicable, 5);
      // Version 1's treated-well is not an item of version 2: never reported, never pooled.
      assert.ok(!('treated-well' in big.group.items));
      // The total is the shown month only: the suppressed month's 3 answers cannot be recovered by subtraction.
      const total = cell(b, 'safety-training', 'total')!;
      assert.equal(total.group.n, 7);
      assert.deepEqual(total.group.items.overall!.distribution, big.group.items.overall!.distribution);
    });

    it('customer and staff self-assessment side by side', async () => {
      const b = await get<Insights>(`/v1/feedback/insights?organisation=${ORG}&service=fire-inspection`);
      const s = cell(b, 'fire-inspection', LATEST, 'staff')!;
      const expected = stats(scoresOf((r) => !!r.staff, 'overall'));
      assert.equal(s.group.n, 5);
      assert.equal(s.group.items.overall!.mean, expected.mean);
      assert.deepEqual(s.group.items.overall!.distribution, expected.distribution);
    });

    it('early warning: the latest month more than 2 standard errors below the shown months before it', async () => {
      const b = await get<Insights>(`/v1/feedback/insights?organisation=${ORG}&service=fire-inspection`);
      const latest = stats(scoresOf((r) => r.org === ORG && r.service === 'fire-inspection' && r.month === LATEST && !r.staff, 'overall'));
      const base = stats(
        scoresOf(
          (r) => r.service === 'fire-inspection' && r.org === ORG && r.month < LATEST && r.month >= months[0]! && !r.staff,
          'overall',
        ),
      );
      const se = Math.sqrt(latest.raw.sd ** 2 / latest.n + base.raw.sd ** 2 / base.n);
      assert.ok(base.raw.mean - latest.raw.mean > 2 * se, 'the data set is built to warn');
      const w = b.warnings.filter((x) => x.service === 'fire-inspection' && x.respondent === 'customer');
      assert.deepEqual(w, [
        {
          service: 'fire-inspection',
          respondent: 'customer',
          item: 'overall',
          month: LATEST,
          mean: latest.mean,
          n: latest.n,
          baselineMean: base.mean,
          baselineN: base.n,
          standardError: Math.round(se * 100) / 100,
        },
      ]);
      // timeliness rose to 5: no warning. The staff group has no history: no warning.
      assert.ok(!b.warnings.some((x) => x.item === 'timeliness' || x.respondent === 'staff'));
      // Ending the view a month earlier: the dip is not in it.
      const earlier = await get<Insights>(`/v1/feedback/insights?organisation=${ORG}&service=fire-inspection&to=${months[11]}`);
      assert.deepEqual(earlier.warnings, []);
    });

    it('national: shown only with at least 3 organisations of 5 answers, never another department alone', async () => {
      type National = {
        minOrganisations: number;
        rows: {
          serviceType: string;
          item: string;
          own: { n: number | null; mean?: number };
          national: { n: number | null; suppressed: boolean; mean?: number };
        }[];
      };
      const two = await get<National>(`/v1/feedback/national?organisation=${ORG}`);
      const fire = two.rows.find((r) => r.serviceType === 'fire-inspection' && r.item === 'overall')!;
      assert.equal(two.minOrganisations, 3);
      // Only two organisations answered: national minus own would be the other one's figure, so nothing.
      assert.deepEqual(fire.national, { n: null, suppressed: true });
      assert.equal(fire.own.n, 6 * 7);
      // A third department with 5 answers in the latest month: the national figure of that month appears.
      await t.db.query(`INSERT INTO organisations (id, name) VALUES ('test-third', '{"fi": "Kolmas"}')`);
      await t.db.query(
        `INSERT INTO services (organisation_id, id, type, name) VALUES ('test-third', 'tarkastus', 'fire-inspection', '{"fi": "T"}')`,
      );
      const third = [5, 5, 5, 5, 4];
      for (const [i, s] of third.entries()) {
        await t.db.query(
          `INSERT INTO feedback (id, organisation_id, service_id, questionnaire_id, questionnaire_version, answers, idempotency_key, request_hash, received_at)
           VALUES ($1, 'test-third', 'tarkastus', $2, 2, $3, $4, 'h', $5)`,
          [randomUUID(), Q, JSON.stringify({ overall: s }), `third-${i}-xxxxxxxxxxxxxx`, at(LATEST, 20)],
        );
      }
      // The roll-up of the closed month was computed by the first request; recompute (the rows were back-dated).
      await t.db.query('DELETE FROM feedback_rollup_items');
      await t.db.query('DELETE FROM feedback_rollup_months');
      const three = await get<National>(`/v1/feedback/national?organisation=${ORG}`);
      const f = three.rows.find((r) => r.serviceType === 'fire-inspection' && r.item === 'overall')!;
      const pooled = stats([...scoresOf((r) => r.service === 'fire-inspection' && r.month === LATEST && !r.staff, 'overall'), ...third]);
      assert.equal(f.national.n, pooled.n);
      assert.equal(f.national.mean, pooled.mean);
      assert.equal(f.own.n, 42);
      assert.ok(!JSON.stringify(three).includes('test-third') && !JSON.stringify(three).includes(OTHER_ORG));
      await t.db.query("DELETE FROM feedback WHERE organisation_id = 'test-third'");
      await t.db.query("DELETE FROM services WHERE organisation_id = 'test-third'");
      await t.db.query("DELETE FROM organisations WHERE id = 'test-third'");
      await t.db.query('DELETE FROM feedback_rollup_months');
      await t.db.query('DELETE FROM feedback_rollup_items');
    });

    it('the current month is counted live (not from the roll-up), the same figures as the closed months', async () => {
      const current = helsinkiToday().slice(0, 7);
      const scores = [5, 1, 3, 3, 4, 2];
      for (const [i, s] of scores.entries()) {
        await t.db.query(
          `INSERT INTO feedback (id, organisation_id, service_id, questionnaire_id, questionnaire_version, answers, not_applicable,
                                 idempotency_key, request_hash, received_at)
           VALUES ($1, $2, 'fire-inspection', $3, 2, $4, $5, $6, 'h', now())`,
          [randomUUID(), ORG, Q, JSON.stringify({ overall: s }), i < 5 ? ['timeliness'] : [], `live-${i}-xxxxxxxxxxxxxx`],
        );
      }
      try {
        const b = await get<Insights>(`/v1/feedback/insights?organisation=${ORG}&service=fire-inspection&to=${current}`);
        const expected = stats(scores);
        const c = cell(b, 'fire-inspection', current)!;
        assert.equal(c.group.n, 6);
        assert.deepEqual(c.group.items.overall, {
          n: 6,
          suppressed: false,
          mean: expected.mean,
          sd: expected.sd,
          distribution: expected.distribution,
          notApplicable: 0,
        });
        // Five "does not apply" and no score: the item is suppressed, its "does not apply" count shown.
        assert.deepEqual(c.group.items.timeliness, { n: null, suppressed: true, notApplicable: 5 });
        type National = { to: string; rows: { serviceType: string; item: string; own: { n: number | null } }[] };
        const national = await get<National>(`/v1/feedback/national?organisation=${ORG}&to=${current}`);
        assert.equal(national.to, current);
        const own = national.rows.find((r) => r.serviceType === 'fire-inspection' && r.item === 'overall')!.own;
        // The six shown history months and the latest (6 each) inside the window, and the six live answers.
        assert.equal(own.n, 6 * 7 + 6);
      } finally {
        await t.db.query("DELETE FROM feedback WHERE idempotency_key LIKE 'live-%'");
      }
    });

    it('the roll-up is kept on submit and delete: answers sent through the API count in the current month at once', async () => {
      const current = helsinkiToday().slice(0, 7);
      const path = `/v1/feedback/insights?organisation=${ORG}&service=customer-service&to=${current}`;
      const before = cell(await get<Insights>(path), 'customer-service', current);
      assert.equal(before, undefined, 'no answers of this service in the current month yet');
      const v2 = { id: Q, version: 2 };
      const scores = [5, 4, 4, 2, 3];
      const ids: string[] = [];
      for (const s of scores) {
        const res = await post(
          t,
          '/v1/feedback',
          submission({ service: 'customer-service', questionnaire: v2, answers: { overall: s }, notApplicable: ['accessibility'] }),
        );
        assert.equal(res.status, 201);
        ids.push((await json<{ id: string }>(res)).id);
      }
      // Queued in the answers' own transactions, taken in by the next read.
      const queued = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback_rollup_pending');
      assert.ok(queued.rows[0]!.n >= scores.length);
      const after = cell(await get<Insights>(path), 'customer-service', current)!;
      const expected = stats(scores);
      assert.equal(after.group.n, 5);
      assert.deepEqual(after.group.items.overall, {
        n: 5,
        suppressed: false,
        mean: expected.mean,
        sd: expected.sd,
        distribution: expected.distribution,
        notApplicable: 0,
      });
      assert.equal(after.group.items.accessibility!.notApplicable, 5);
      assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback_rollup_pending')).rows[0]!.n, 0);
      // The same figures as a recomputation from the answers.
      await t.db.query('DELETE FROM feedback_rollup_months');
      assert.deepEqual(cell(await get<Insights>(path), 'customer-service', current), after);
      // One answer deleted (already counted) and one deleted while still queued: both leave the figures.
      await t.db.query('DELETE FROM feedback WHERE id = $1', [ids[0]]);
      const queuedOne = await post(
        t,
        '/v1/feedback',
        submission({ service: 'customer-service', questionnaire: v2, answers: { overall: 1 } }),
      );
      await t.db.query('DELETE FROM feedback WHERE id = $1', [(await json<{ id: string }>(queuedOne)).id]);
      const fewer = cell(await get<Insights>(path), 'customer-service', current)!;
      assert.deepEqual(fewer.group, { n: null, suppressed: true, items: {} });
      await t.db.query('DELETE FROM feedback WHERE id = ANY($1::uuid[])', [ids]);
      assert.equal(cell(await get<Insights>(path), 'customer-service', current), undefined, 'no empty group is left behind');
    });

    it('free texts: praise, criticism and mixed by the scores; filter by tone', async () => {
      type Texts = { items: { freeText: string; tone: string; overall: number }[] };
      const all = await get<Texts>(`/v1/feedback/texts?organisation=${ORG}&service=customer-service`);
      const tone = Object.fromEntries(all.items.map((i) => [i.freeText, i.tone]));
      assert.deepEqual(tone, { 'Kiitos!': 'praise', 'Töykeä.': 'criticism', 'Ihan ok.': 'mixed', Soittakaa: 'criticism' });
      const praise = await get<Texts>(`/v1/feedback/texts?organisation=${ORG}&tone=praise`);
      assert.deepEqual(
        praise.items.map((i) => i.freeText),
        ['Kiitos!'],
      );
      await problem(
        await t.app.request(`/v1/feedback/texts?organisation=${ORG}&tone=angry`, { headers: staff() }),
        400,
        'validation_failed',
      );
    });

    it('contact requests: waiting list, mark handled once, scoped to the organisation', async () => {
      type Requests = { waiting: number; items: { id: string; contact: { email: string }; handledAt: string | null }[] };
      const list = await get<Requests>(`/v1/feedback/contact-requests?organisation=${ORG}`);
      assert.equal(list.waiting, 1);
      const id = list.items[0]!.id;
      assert.equal(list.items[0]!.handledAt, null);
      const mark = (org: string, key?: string) =>
        t.app.request(`/v1/feedback/contact-requests/${id}/handled?organisation=${org}`, { method: 'POST', headers: staff(key) });
      await problem(await mark(OTHER_ORG), 403, 'forbidden');
      await problem(await mark(OTHER_ORG, t.keys[OTHER_ORG]), 404, 'not_found');
      await problem(await mark(ORG, 'wrong-key-000000000000'), 401, 'unauthorized');
      const first = await json<{ handledAt: string }>(await mark(ORG));
      const again = await json<{ handledAt: string }>(await mark(ORG));
      assert.equal(again.handledAt, first.handledAt);
      assert.equal((await get<Requests>(`/v1/feedback/contact-requests?organisation=${ORG}`)).waiting, 0);
      const handled = await get<Requests>(`/v1/feedback/contact-requests?organisation=${ORG}&status=handled`);
      assert.equal(handled.items[0]!.handledAt, first.handledAt);
      await problem(
        await t.app.request(`/v1/feedback/contact-requests/not-a-uuid/handled?organisation=${ORG}`, { method: 'POST', headers: staff() }),
        400,
        'validation_failed',
      );
    });

    it('staff key and organisation scoping on every endpoint; bad months → 400', async () => {
      for (const path of ['insights', 'national', 'texts', 'contact-requests']) {
        await problem(await t.app.request(`/v1/feedback/${path}?organisation=${ORG}`), 401, 'unauthorized');
        await problem(await t.app.request(`/v1/feedback/${path}?organisation=${OTHER_ORG}`, { headers: staff() }), 403, 'forbidden');
      }
      for (const to of ['2026-13', '2026-1', 'last', '2026-01%00']) {
        await problem(
          await t.app.request(`/v1/feedback/insights?organisation=${ORG}&to=${to}`, { headers: staff() }),
          400,
          'validation_failed',
        );
      }
    });

    it('submissions: "does not apply" where offered, personal data masked, task feedback stored', async () => {
      const v2 = { id: Q, version: 2 };
      const ok = await post(
        t,
        '/v1/feedback',
        submission({
          questionnaire: v2,
          answers: { overall: 4 },
          notApplicable: ['accessibility'],
          freeText: 'Soita 040 123 4567 tai a.b@example.fi, hetu 131052-308T',
        }),
      );
      assert.equal(ok.status, 201);
      const id = (await json<{ id: string }>(ok)).id;
      const stored = await t.db.query<{ free_text: string; not_applicable: string[] }>(
        'SELECT free_text, not_applicable FROM feedback WHERE id = $1',
        [id],
      );
      assert.equal(stored.rows[0]!.free_text, 'Soita [puhelinnumero poistettu] tai [sähköposti poistettu], hetu [henkilötunnus poistettu]');
      assert.deepEqual(stored.rows[0]!.not_applicable, ['accessibility']);
      // "overall" offers no "does not apply"; an answered item cannot be both; unknown ids are unknown questions.
      await problem(
        await post(t, '/v1/feedback', submission({ questionnaire: v2, notApplicable: ['got-help'] })),
        422,
        'validation_failed',
      );
      await problem(
        await post(
          t,
          '/v1/feedback',
          submission({ questionnaire: v2, answers: { overall: 3, accessibility: 2 }, notApplicable: ['accessibility'] }),
        ),
        422,
        'validation_failed',
      );
      await problem(await post(t, '/v1/feedback', submission({ questionnaire: v2, notApplicable: ['nope'] })), 422, 'unknown_question');
      const sa = await post(
        t,
        '/v1/self-assessments',
        {
          organisation: ORG,
          service: 'fire-inspection',
          serviceEvent: 'T-1',
          questionnaire: v2,
          answers: { overall: 4 },
          taskFeedback: { deviation: true, nearMiss: false, observations: 'Asukas Matti, puh 0401234567' },
        },
        { headers: staff() },
      );
      assert.equal(sa.status, 201);
      const tf = await t.db.query<{ task_feedback: Record<string, unknown> }>('SELECT task_feedback FROM self_assessments WHERE id = $1', [
        (await json<{ id: string }>(sa)).id,
      ]);
      assert.deepEqual(tf.rows[0]!.task_feedback, {
        deviation: true,
        nearMiss: false,
        observations: 'Asukas Matti, puh [puhelinnumero poistettu]',
      });
      await problem(
        await post(
          t,
          '/v1/self-assessments',
          {
            organisation: ORG,
            service: 'fire-inspection',
            serviceEvent: 'T-1',
            questionnaire: v2,
            answers: { overall: 4 },
            taskFeedback: { extra: 1 },
          },
          { headers: staff() },
        ),
        400,
        'validation_failed',
      );
    });
  });
}
