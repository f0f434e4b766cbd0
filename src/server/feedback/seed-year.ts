/**
 * A realistic year of demo feedback for the insights view and its benchmark, generated in SQL
 * (INSERT … SELECT generate_series, a few seconds): 20 more fictional rescue departments
 * (demo-alue-03 … demo-alue-22, so the national comparison has 22 departments), about 50,000
 * customer answers and 5,000 staff self-assessments over the last 365 days, version 1 of the
 * question set before the last 120 days and version 2 after, free texts, contact requests
 * (those older than two weeks handled) and a deliberate drop in one item in the current month
 * (demo-pelastuslaitos, emergency-care, timeliness, in the last complete month) so the early warning has something to show.
 *
 * Runs only when LUUKKU_SEED_FEEDBACK_YEAR is on (config.ts: by default only for the embedded
 * demo database) and only once: when no seeded answer is there yet. Deterministic (setseed).
 */
import type { Queryable } from '../db/index.js';
import { helsinkiToday } from '../../shared/helsinki-time.js';
import { monthsEnding, nextMonth } from './insights.js';
import { buildRollup } from './rollup.js';

const SERVICES: [string, Record<string, string>][] = [
  ['rescue-operation', { fi: 'Pelastustoiminta', sv: 'Räddningsverksamhet', en: 'Rescue operation' }],
  ['emergency-care', { fi: 'Ensihoito', sv: 'Prehospital akutsjukvård', en: 'Emergency medical care' }],
  ['fire-inspection', { fi: 'Palotarkastus', sv: 'Brandsyn', en: 'Fire inspection' }],
  ['safety-training', { fi: 'Turvallisuuskoulutus', sv: 'Säkerhetsutbildning', en: 'Safety training' }],
  ['customer-service', { fi: 'Asiakaspalvelu', sv: 'Kundtjänst', en: 'Customer service' }],
];

/** The organisations whose answers form the demo year: the two demo rescue departments and the 20 extra ones. */
const RESCUE = `(organisation_id IN ('demo-pelastuslaitos', 'demo-raddningsverk') OR organisation_id LIKE 'demo-alue-%')`;

const THIS_MONTH_START = `(date_trunc('month', now() AT TIME ZONE 'Europe/Helsinki') AT TIME ZONE 'Europe/Helsinki')`;
const LAST_MONTH_START = `((date_trunc('month', now() AT TIME ZONE 'Europe/Helsinki') - interval '1 month') AT TIME ZONE 'Europe/Helsinki')`;

// A score around a row's latent satisfaction `lat`, with an item offset and noise, on 1–5.
const score = (offset: number, extra = ''): string =>
  `LEAST(5, GREATEST(1, round(lat + ${offset} ${extra} + (random() - 0.5) * 1.4)))::int`;

export async function seedFeedbackYear(tx: Queryable, customers = 50_000, staff = 5_000): Promise<number> {
  const done = await tx.query("SELECT 1 FROM feedback WHERE idempotency_key LIKE 'seed-year-%' LIMIT 1");
  if (done.rows.length) return 0;
  await tx.query('SELECT setseed(0.42)');
  await tx.query(
    `INSERT INTO organisations (id, name)
     SELECT 'demo-alue-' || lpad(i::text, 2, '0'),
            jsonb_build_object('fi', 'Demoalueen ' || i || ' pelastuslaitos', 'sv', 'Räddningsverket i demoområde ' || i,
                               'se', 'Demoguovllu ' || i || ' gádjunlágádus', 'en', 'Demo region ' || i || ' rescue department')
       FROM generate_series(3, 22) AS i
     ON CONFLICT (id) DO NOTHING`,
  );
  await tx.query(
    `INSERT INTO services (organisation_id, id, type, name)
     SELECT o.id, s.id, s.id, s.name
       FROM organisations o CROSS JOIN jsonb_to_recordset($1::jsonb) AS s(id text, name jsonb)
      WHERE o.id LIKE 'demo-alue-%'
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(SERVICES.map(([id, name]) => ({ id, name })))],
  );
  const pairs = `pairs AS (
      SELECT organisation_id, id AS service_id, (row_number() OVER (ORDER BY organisation_id, id))::int AS k,
             -- a department's own level: a fixed offset in [-0.35, 0.35] from its id
             ((abs(hashtext(organisation_id)) % 71) - 35) / 100.0 AS org_off
        FROM services WHERE ${RESCUE}
    ), np AS (SELECT count(*)::int AS n FROM pairs)`;
  await tx.query(
    `WITH ${pairs},
     g AS (
       SELECT i, 1 + floor(random() * np.n)::int AS k,
              date_trunc('milliseconds', now() - random() * interval '365 days') AS at,
              random() AS r_text, random() AS r_contact, random() AS r_seg, random() AS r_na
         FROM generate_series(1, $1::int) AS i, np
     ), r AS (
       SELECT g.*, p.organisation_id, p.service_id,
              4.0 + p.org_off + (random() + random() + random() - 1.5) * 1.5
                - CASE WHEN p.organisation_id = 'demo-pelastuslaitos' AND p.service_id = 'emergency-care'
                        AND g.at >= ${LAST_MONTH_START} AND g.at < ${THIS_MONTH_START} THEN 0.3 ELSE 0 END AS lat,
              g.at < now() - interval '120 days' AS v1,
              p.organisation_id = 'demo-pelastuslaitos' AND p.service_id = 'emergency-care'
                AND g.at >= ${LAST_MONTH_START} AND g.at < ${THIS_MONTH_START} AS dip
         FROM g JOIN pairs p ON p.k = g.k
     )
     INSERT INTO feedback (id, organisation_id, service_id, questionnaire_id, questionnaire_version, answers, free_text,
                           segment, contact, locale, plain_language, not_applicable, idempotency_key, request_hash, received_at,
                           contact_handled_at)
     SELECT md5('seed-year-c' || i)::uuid, organisation_id, service_id, 'national-rescue-feedback', CASE WHEN v1 THEN 1 ELSE 2 END,
            CASE WHEN v1 THEN jsonb_strip_nulls(jsonb_build_object(
                   'overall', ${score(0)},
                   'got-help', CASE WHEN random() < 0.9 THEN ${score(0.1)} END,
                   'treated-well', CASE WHEN random() < 0.85 THEN ${score(0.3)} END,
                   'clear-information', CASE WHEN random() < 0.85 THEN ${score(-0.1)} END,
                   'safety-improved', CASE WHEN random() < 0.6 THEN ${score(-0.3)} END))
                 ELSE jsonb_strip_nulls(jsonb_build_object(
                   'overall', ${score(0)},
                   'got-help', CASE WHEN random() < 0.9 THEN ${score(0.1)} END,
                   'timeliness', CASE WHEN random() < 0.9 THEN ${score(-0.2, '- CASE WHEN dip THEN 1.0 ELSE 0 END')} END,
                   'respectful', CASE WHEN random() < 0.85 THEN ${score(0.35)} END,
                   'kind', CASE WHEN random() < 0.85 THEN ${score(0.4)} END,
                   'clear-information', CASE WHEN random() < 0.85 THEN ${score(-0.1)} END,
                   'own-language', CASE WHEN r_na >= 0.05 AND random() < 0.8 THEN ${score(0.2)} END,
                   'accessibility', CASE WHEN r_na >= 0.3 AND random() < 0.8 THEN ${score(-0.15)} END,
                   'felt-safer', CASE WHEN service_id NOT IN ('emergency-care', 'customer-service') AND random() < 0.8 THEN ${score(-0.2)} END,
                   'learned-skills', CASE WHEN service_id IN ('safety-training', 'fire-inspection') AND random() < 0.8 THEN ${score(-0.25)} END))
            END,
            CASE WHEN r_text < 0.12 THEN
              CASE WHEN lat >= 4 THEN (ARRAY['Kiitos, erittäin asiallinen ja ystävällinen palvelu.', 'Tarkastaja selitti kaiken selkeästi.',
                                             'Tack för snabb och vänlig hjälp.', 'Nopea apu, kiitos koko porukalle!'])[1 + floor(random() * 4)::int]
                   WHEN lat < 2.8 THEN (ARRAY['Jouduin odottamaan liian kauan.', 'Ohjeet jäivät epäselviksi, en tiedä mitä pitää korjata.',
                                              'Bemötandet var otrevligt.', 'Kukaan ei vastannut puhelimeen.'])[1 + floor(random() * 4)::int]
                   ELSE (ARRAY['Ihan hyvä, mutta tieto tuli myöhässä.', 'Palvelu oli kunnossa, lomake oli sekava.'])[1 + floor(random() * 2)::int]
              END END,
            (ARRAY['person', 'person', 'person', 'business', 'authority', 'organisation', NULL])[1 + floor(r_seg * 7)::int],
            CASE WHEN r_contact < 0.015 THEN jsonb_build_object('name', 'Demo Asiakas ' || i, 'email', 'asiakas' || i || '@example.invalid') END,
            CASE WHEN organisation_id = 'demo-raddningsverk' THEN 'sv' WHEN r_seg > 0.95 THEN 'sv' ELSE 'fi' END,
            r_seg < 0.1,
            CASE WHEN v1 THEN '{}'::text[] ELSE array_remove(ARRAY[CASE WHEN r_na < 0.05 THEN 'own-language' END,
                                                               CASE WHEN r_na < 0.3 THEN 'accessibility' END], NULL) END,
            'seed-year-c' || i, 'seed', at,
            CASE WHEN r_contact < 0.015 AND at < now() - interval '14 days' THEN at + interval '2 days' END
       FROM r`,
    [customers],
  );
  await tx.query(
    `WITH ${pairs},
     g AS (
       SELECT i, 1 + floor(random() * np.n)::int AS k, date_trunc('milliseconds', now() - random() * interval '365 days') AS at
         FROM generate_series(1, $1::int) AS i, np
     ), r AS (
       SELECT g.*, p.organisation_id, p.service_id, 4.1 + p.org_off + (random() + random() + random() - 1.5) * 1.2 AS lat,
              g.at < now() - interval '120 days' AS v1
         FROM g JOIN pairs p ON p.k = g.k
     )
     INSERT INTO self_assessments (id, organisation_id, service_id, service_event, questionnaire_id, questionnaire_version,
                                   answers, free_text, not_applicable, task_feedback, idempotency_key, request_hash, received_at)
     SELECT md5('seed-year-s' || i)::uuid, organisation_id, service_id, 'SEED-' || i, 'national-rescue-feedback',
            CASE WHEN v1 THEN 1 ELSE 2 END,
            CASE WHEN v1 THEN jsonb_build_object('overall', ${score(0)}, 'got-help', ${score(0.1)}, 'clear-information', ${score(0)})
                 ELSE jsonb_build_object('overall', ${score(0)}, 'got-help', ${score(0.1)}, 'timeliness', ${score(-0.1)},
                                         'respectful', ${score(0.3)}, 'kind', ${score(0.3)}, 'clear-information', ${score(0)}) END,
            NULL, '{}'::text[],
            CASE WHEN NOT v1 THEN jsonb_strip_nulls(jsonb_build_object('deviation', random() < 0.08, 'nearMiss', random() < 0.03,
              'observations', CASE WHEN random() < 0.1 THEN (ARRAY['Kohteen osoitenumero puuttui, löytäminen viivästyi.',
                'Sammutinhuolto oli vanhentunut, ohjeistettiin.', 'Letkuselvitys hidastui ahtaassa porraskäytävässä.'])[1 + floor(random() * 3)::int] END)) END,
            'seed-year-s' || i, 'seed', at
       FROM r`,
    [staff],
  );
  // The year's months recomputed in one pass over the answers (cheaper than taking in the 55,000
  // queued answers one by one; the recompute empties their part of the queue).
  const live = helsinkiToday().slice(0, 7);
  const months = [...monthsEnding(live), nextMonth(live)];
  await tx.query('DELETE FROM feedback_rollup_months WHERE month = ANY($1::date[])', [months.map((m) => `${m}-01`)]);
  await buildRollup(tx, months);
  await tx.query('ANALYZE feedback, self_assessments, feedback_rollup_items, feedback_rollup_national');
  const n = await tx.query<{ n: number | string }>(
    `SELECT (SELECT count(*) FROM feedback WHERE idempotency_key LIKE 'seed-year-%')
          + (SELECT count(*) FROM self_assessments WHERE idempotency_key LIKE 'seed-year-%') AS n`,
  );
  return Number(n.rows[0]?.n ?? 0);
}
