/**
 * Permit projects (issue 11): a project from the explorer's result, the state machine (409 with
 * the allowed states), If-Match (412 / 428), the official's side by staff key, information
 * requests, forecast override, a decision feeding permit_cases, cancelling, ICS, signed webhooks
 * with retries, and bad input. Runs against PGlite and, when DATABASE_URL is set, PostgreSQL.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { helsinkiToday } from '../../src/shared/helsinki-time.js';
import { addDays } from '../../src/server/projects/repository.js';
import { allowedTransitions, APPLICATION_STATES } from '../../src/server/projects/states.js';
import { webhookWorkers } from '../../src/server/projects/webhooks.js';
import { buildApp, json, problem, targets, type TestApp } from './helpers.js';

const CITY = 'demo-kaupunki';
const RESCUE = 'demo-pelastuslaitos';
const TODAY = helsinkiToday();
const EVENT_DAY = addDays(TODAY, 20);

const ANSWERS = {
  eventType: 'public-event',
  startDate: EVENT_DAY,
  startTime: '16:00',
  endDate: EVENT_DAY,
  endTime: '23:30',
  venue: 'public-area',
  marketSquare: true,
  attendance: 1500,
  alcohol: true,
  food: true,
  music: true,
  amplifiedSound: true,
  soundUntil: '23:00',
  specialEffects: [],
  openFire: false,
  laser: false,
  structures: true,
  trafficImpact: true,
  exitsUnusual: false,
  stewards: true,
  lottery: false,
  drones: false,
};

interface App {
  id: string;
  etag: string;
  ruleId: string | null;
  state: string;
  allowed: string[];
  reference: string | null;
  authority: { id: string; organisation: string | null };
  forecast: { source: string; from: string | null; to: string | null; cases: number; reason?: string };
  warnings: { kind: string; date: string }[];
  informationRequests: { id: number; question: string; dueOn: string; answer: string | null }[];
}
interface Project {
  id: string;
  etag: string;
  title: string;
  neededBy: string | null;
  cancelled: boolean;
  applications: App[];
  milestones: { kind: string; date: string }[];
  history: { kind: string; actor: string; to: string | null; note: string | null }[];
}

for (const target of targets()) {
  describe(`projects on ${target.name}`, () => {
    let t: TestApp;
    let hook: Server;
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    let failNext = 0;
    let hookUrl = '';
    before(async () => {
      t = await buildApp(target, { forecastCacheSeconds: 0 });
      hook = createServer((req, res) => {
        let body = '';
        req.on('data', (d: Buffer) => (body += d.toString()));
        req.on('end', () => {
          if (failNext > 0) {
            failNext--;
            res.statusCode = 503;
            res.end();
            return;
          }
          received.push({ headers: req.headers, body });
          res.statusCode = 204;
          res.end();
        });
      });
      await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
      const addr = hook.address();
      hookUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hook`;
    });
    after(async () => {
      webhookWorkers.get(t.db)?.stop();
      await new Promise((r) => hook.close(r));
      await t.close();
    });

    const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      t.app.request(path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    const staffOf = (org: string) => ({ authorization: `Bearer ${t.keys[org]}` });
    const create = async (extra: Record<string, unknown> = {}) => {
      const res = await send('POST', '/v1/projects', {
        title: 'Kesäkonsertti',
        permitResult: { organisation: CITY, mode: 'events', answers: ANSWERS, result: { obligations: [] } },
        ...extra,
      });
      assert.equal(res.status, 201, await res.clone().text());
      return json<{ token: string; project: Project }>(res);
    };
    const get = async (token: string) => {
      const res = await send('GET', `/v1/projects/${token}`);
      assert.equal(res.status, 200);
      return json<Project>(res);
    };
    const appOf = (p: Project, rule: string) => p.applications.find((a) => a.ruleId === rule)!;

    it('a project from the explorer result: every obligation with authority, handler and deadline; the event as milestone', async () => {
      const { token, project } = await create();
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(project.neededBy, EVENT_DAY);
      assert.ok(project.applications.length >= 5, `${project.applications.length} applications`);
      const rescue = appOf(project, 'rescue-plan');
      assert.equal(rescue.authority.organisation, RESCUE);
      assert.equal(rescue.state, 'draft');
      assert.deepEqual(rescue.allowed, ['submitted', 'cancelled']);
      const police = appOf(project, 'police-public-event-notice');
      assert.equal(police.authority.organisation, null, 'the police is not in Luukku: the organiser records its steps');
      assert.ok(project.milestones.some((m) => m.kind === 'event' && m.date === EVENT_DAY));
      // Forecast from the seeded history ("based on N cases").
      assert.equal(rescue.forecast.source, 'history');
      assert.ok(rescue.forecast.cases >= 10);
      assert.ok(rescue.forecast.from! <= rescue.forecast.to!);
      // The token is the only key; the database holds its hash only.
      const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM projects WHERE token_hash = $1', [token]);
      assert.equal(rows[0]!.n, 0);
    });

    it('a wrong or malformed token is 404; unknown organisation 404; bad input 4xx with codes', async () => {
      await problem(await send('GET', `/v1/projects/${'x'.repeat(43)}`), 404, 'not_found');
      await problem(await send('GET', '/v1/projects/short'), 404, 'not_found');
      await problem(await send('POST', '/v1/projects', { title: 'x', organisation: 'no-such-org' }), 404, 'unknown_organisation');
      await problem(await send('POST', '/v1/projects', { title: 'a\u0000b' }), 400, 'validation_failed');
      await problem(await send('POST', '/v1/projects', { title: 'x', neededBy: '2026-02-30' }), 400, 'validation_failed');
      await problem(await send('POST', '/v1/projects', { title: 'x', startsOn: '2027-05-02', endsOn: '2027-05-01' }), 422, 'invalid_date');
      await problem(await send('POST', '/v1/projects', '{"title":'), 400, 'malformed_json');
      await problem(await send('POST', '/v1/projects', { title: '' }), 400, 'validation_failed');
    });

    it('the state machine: an illegal transition is 409 with the allowed states; If-Match missing 428, stale 412', async () => {
      const { token, project } = await create();
      const a = appOf(project, 'rescue-plan');
      const path = `/v1/projects/${token}/applications/${a.id}/transitions`;
      await problem(await send('POST', path, { to: 'submitted' }), 428, 'precondition_required');
      const res = await send('POST', path, { to: 'final' }, { 'if-match': a.etag });
      const body = (await problem(res, 409, 'invalid_transition')) as unknown as { allowed: string[] };
      assert.deepEqual(body.allowed, ['submitted', 'cancelled']);
      // The organiser may not confirm receipt for an authority that is in Luukku.
      const ok = await send('POST', path, { to: 'submitted', reference: 'PL-2026-1' }, { 'if-match': a.etag });
      assert.equal(ok.status, 200);
      const after = appOf(await json<Project>(ok), 'rescue-plan');
      assert.equal(after.state, 'submitted');
      assert.deepEqual(after.allowed, ['cancelled']);
      await problem(await send('POST', path, { to: 'cancelled' }, { 'if-match': a.etag }), 412, 'precondition_failed');
      const unknown = await send('POST', path, { to: 'approved' }, { 'if-match': after.etag });
      await problem(unknown, 400, 'validation_failed');
    });

    it('machine table: terminal states allow nothing; the official never submits or cancels', () => {
      for (const s of APPLICATION_STATES) {
        for (const to of allowedTransitions(s, 'official', false)) assert.notEqual(to, 'cancelled');
        assert.ok(!allowedTransitions(s, 'official', false).includes('submitted'));
      }
      assert.deepEqual(allowedTransitions('final', 'organiser', true), []);
      assert.deepEqual(allowedTransitions('cancelled', 'official', false), []);
    });

    it('the official: receipt with reference, information request (not before today), the organiser answers, a decision feeds permit_cases', async () => {
      const { token, project } = await create();
      let a = appOf(project, 'rescue-plan');
      let res = await send('POST', `/v1/projects/${token}/applications/${a.id}/transitions`, { to: 'submitted' }, { 'if-match': a.etag });
      a = appOf(await json<Project>(res), 'rescue-plan');
      const base = `/v1/authority-projects/applications/${a.id}`;
      // Wrong key 401, another organisation's key 403.
      await problem(
        await send('POST', `${base}/transitions`, { to: 'received' }, { authorization: 'Bearer nope-nope', 'if-match': a.etag }),
        401,
        'unauthorized',
      );
      await problem(
        await send('POST', `${base}/transitions`, { to: 'received', reference: 'X' }, { ...staffOf(CITY), 'if-match': a.etag }),
        403,
        'forbidden',
      );
      // Receipt needs the reference number.
      await problem(
        await send('POST', `${base}/transitions`, { to: 'received' }, { ...staffOf(RESCUE), 'if-match': a.etag }),
        400,
        'validation_failed',
      );
      res = await send(
        'POST',
        `${base}/transitions`,
        { to: 'received', reference: 'PEL/123/2026', note: 'Kiitos' },
        { ...staffOf(RESCUE), 'if-match': a.etag },
      );
      assert.equal(res.status, 200, await res.clone().text());
      let view = await json<Project>(res);
      assert.ok(
        view.applications.every((x) => x.authority.organisation === RESCUE),
        'the official sees only their applications',
      );
      a = view.applications.find((x) => x.id === a.id)!;
      assert.equal(a.state, 'received');
      assert.equal(a.reference, 'PEL/123/2026');

      // The official's list.
      const list = await json<{ projects: Project[] }>(
        await send('GET', `/v1/authority-projects?organisation=${RESCUE}`, undefined, staffOf(RESCUE)),
      );
      assert.ok(list.projects.some((p) => p.id === project.id));
      await problem(await send('GET', `/v1/authority-projects?organisation=${CITY}`, undefined, staffOf(RESCUE)), 403, 'forbidden');

      // Information request: a due date before today is 422.
      await problem(
        await send(
          'POST',
          `${base}/information-requests`,
          { question: 'Pelastustiet?', dueOn: addDays(TODAY, -1) },
          { ...staffOf(RESCUE), 'if-match': a.etag },
        ),
        422,
        'invalid_date',
      );
      res = await send(
        'POST',
        `${base}/information-requests`,
        { question: 'Pelastustiet kartalle?', dueOn: addDays(TODAY, 5) },
        { ...staffOf(RESCUE), 'if-match': a.etag },
      );
      assert.equal(res.status, 201, await res.clone().text());

      // The organiser sees both, and answers.
      let p = await get(token);
      a = appOf(p, 'rescue-plan');
      assert.equal(a.state, 'information-requested');
      assert.equal(a.reference, 'PEL/123/2026');
      assert.equal(a.informationRequests[0]!.question, 'Pelastustiet kartalle?');
      assert.ok(p.history.some((h) => h.actor === 'official' && h.to === 'received' && h.note?.includes('Kiitos')));
      res = await send(
        'POST',
        `/v1/projects/${token}/applications/${a.id}/answers`,
        { requestId: a.informationRequests[0]!.id, answer: 'Liitteenä.' },
        { 'if-match': a.etag },
      );
      assert.equal(res.status, 200, await res.clone().text());
      a = appOf(await json<Project>(res), 'rescue-plan');
      assert.equal(a.state, 'in-processing');
      assert.equal(a.informationRequests[0]!.answer, 'Liitteenä.');

      // Override wins, with its reason.
      res = await send(
        'PUT',
        `${base}/forecast`,
        { from: addDays(TODAY, 3), to: addDays(TODAY, 1), reason: 'x' },
        { ...staffOf(RESCUE), 'if-match': a.etag },
      );
      await problem(res, 422, 'invalid_date');
      res = await send(
        'PUT',
        `${base}/forecast`,
        { from: addDays(TODAY, 3), to: addDays(TODAY, 6), reason: 'Lomakausi' },
        { ...staffOf(RESCUE), 'if-match': a.etag },
      );
      assert.equal(res.status, 200, await res.clone().text());
      view = await json<Project>(res);
      a = view.applications.find((x) => x.id === a.id)!;
      assert.equal(a.forecast.source, 'override');
      assert.equal(a.forecast.reason, 'Lomakausi');
      assert.equal(a.forecast.to, addDays(TODAY, 6));

      // Decision → a case in permit_cases.
      const before = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM permit_cases WHERE rule_id = 'rescue-plan'`);
      res = await send('POST', `${base}/transitions`, { to: 'decision', outcome: 'granted' }, { ...staffOf(RESCUE), 'if-match': a.etag });
      assert.equal(res.status, 200, await res.clone().text());
      const afterCount = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM permit_cases WHERE rule_id = 'rescue-plan'`);
      assert.equal(afterCount.rows[0]!.n, before.rows[0]!.n + 1);
      p = await get(token);
      assert.equal(appOf(p, 'rescue-plan').state, 'decision');
    });

    it('warnings: the forecast after the needed day, a passed submission day; notes; milestones', async () => {
      const { token, project } = await create({ neededBy: addDays(TODAY, 2) });
      const rescue = appOf(project, 'rescue-plan');
      assert.ok(rescue.warnings.some((w) => w.kind === 'forecast-after-needed'));
      const passed = project.applications.find((x) => x.warnings.some((w) => w.kind === 'submission-passed'));
      assert.ok(passed, 'a 30-day rule is already late for an event in 20 days');
      const res = await send(
        'PATCH',
        `/v1/projects/${token}/applications/${rescue.id}`,
        { notes: 'Soita ensin' },
        { 'if-match': rescue.etag },
      );
      assert.equal(res.status, 200);
      const m = await send('POST', `/v1/projects/${token}/milestones`, {
        kind: 'kick-off',
        date: addDays(TODAY, 1),
        title: 'Aloituspalaveri',
      });
      assert.equal(m.status, 201);
      const p = await get(token);
      assert.ok(p.milestones.some((x) => x.kind === 'kick-off'));
    });

    it('a hand-made project, an added application, self-recorded steps; project If-Match; cancel the whole project', async () => {
      const res = await send('POST', '/v1/projects', {
        title: 'Tehdas',
        neededBy: addDays(TODAY, 90),
        applications: [{ title: 'Ympäristölupa', authority: 'AVI' }],
      });
      assert.equal(res.status, 201);
      const { token, project } = await json<{ token: string; project: Project }>(res);
      const added = await send('POST', `/v1/projects/${token}/applications`, {
        title: 'Kemikaali-ilmoitus',
        authority: 'Tukes',
        latestSubmission: addDays(TODAY, 30),
      });
      assert.equal(added.status, 201);
      let p = await json<Project>(added);
      assert.equal(p.applications.length, 2);
      const a = p.applications[0]!;
      // The authority is not in Luukku: the organiser may record received.
      assert.ok(allowedTransitions('submitted', 'organiser', true).includes('received'));
      await problem(await send('PATCH', `/v1/projects/${token}`, { title: 'Uusi' }, { 'if-match': '"p0-0"' }), 412, 'precondition_failed');
      const patched = await send('PATCH', `/v1/projects/${token}`, { title: 'Tehdas 2' }, { 'if-match': project.etag });
      assert.equal(patched.status, 200);
      const etag = patched.headers.get('etag')!;
      await problem(await send('POST', `/v1/projects/${token}/cancellation`, {}, { 'if-match': project.etag }), 412, 'precondition_failed');
      const cancelled = await send('POST', `/v1/projects/${token}/cancellation`, { reason: 'Sää' }, { 'if-match': etag });
      assert.equal(cancelled.status, 200, await cancelled.clone().text());
      p = await json<Project>(cancelled);
      assert.equal(p.cancelled, true);
      assert.ok(p.applications.every((x) => x.state === 'cancelled' && x.allowed.length === 0));
      const again = await send(
        'POST',
        `/v1/projects/${token}/applications/${a.id}/transitions`,
        { to: 'submitted' },
        { 'if-match': p.applications[0]!.etag },
      );
      await problem(again, 409, 'invalid_transition');
    });

    it('ICS: download with attachment, feed without; deadlines, forecasts and milestones', async () => {
      const { token } = await create();
      const feed = await send('GET', `/v1/projects/${token}/calendar.ics`);
      assert.equal(feed.status, 200);
      assert.match(feed.headers.get('content-type') ?? '', /^text\/calendar/);
      assert.equal(feed.headers.get('content-disposition'), null);
      const text = await feed.text();
      assert.match(text, /^BEGIN:VCALENDAR\r\n/);
      assert.match(text, /X-WR-CALNAME:Kesäkonsertti/);
      assert.ok((text.match(/BEGIN:VEVENT/g) ?? []).length >= 5);
      const dl = await send('GET', `/v1/projects/${token}/calendar.ics?download=1`);
      assert.match(dl.headers.get('content-disposition') ?? '', /attachment/);
    });

    it('ICS feed: its own read-only token (only its hash stored), ETag/304, updates with a change, renew → 410, revoke → 410', async () => {
      const { token, project } = await create();
      const none = await json<{ url: string | null }>(await send('GET', `/v1/projects/${token}/feed`));
      assert.equal(none.url, null, 'no feed address until the organiser makes one');
      await problem(await send('POST', `/v1/projects/${'y'.repeat(43)}/feed`), 404, 'not_found');
      const made = await send('POST', `/v1/projects/${token}/feed`);
      assert.equal(made.status, 201, await made.clone().text());
      const { url } = await json<{ url: string }>(made);
      const [, feedToken] = /\/v1\/projects\/feed\/([A-Za-z0-9_-]{43})\.ics$/.exec(url) ?? [];
      assert.ok(feedToken, url);
      assert.ok(!url.includes(token), 'the feed address does not carry the project token');
      // The same address every time the organiser asks; the database has neither token.
      assert.equal((await json<{ url: string }>(await send('GET', `/v1/projects/${token}/feed`))).url, url);
      const stored = await t.db.query<{ token_hash: string; nonce: string }>(
        'SELECT token_hash, nonce FROM project_feed_tokens WHERE project_id = $1',
        [project.id],
      );
      assert.equal(stored.rows.length, 1);
      assert.match(stored.rows[0]!.token_hash, /^[0-9a-f]{64}$/);
      assert.ok(!JSON.stringify(stored.rows).includes(feedToken) && !JSON.stringify(stored.rows).includes(token));
      // The feed is read-only: its token opens nothing of the project API.
      await problem(await send('GET', `/v1/projects/${feedToken}`), 404, 'not_found');

      const path = `/v1/projects/feed/${feedToken}.ics`;
      const first = await send('GET', path);
      assert.equal(first.status, 200);
      assert.match(first.headers.get('content-type') ?? '', /^text\/calendar/);
      assert.equal(first.headers.get('cache-control'), 'private, no-cache');
      const etag = first.headers.get('etag')!;
      assert.match(etag, /^W\/"/);
      assert.ok(first.headers.get('last-modified'));
      const text = await first.text();
      assert.match(text, /REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n/);
      assert.ok(!text.includes(token), 'the project token is not in the feed');
      assert.ok((text.match(/BEGIN:VEVENT/g) ?? []).length >= 5);
      const again = await send('GET', path, undefined, { 'if-none-match': etag });
      assert.equal(again.status, 304);
      assert.equal(await again.text(), '');
      // A change (a milestone) changes the feed at once.
      await send('POST', `/v1/projects/${token}/milestones`, { kind: 'inspection', date: addDays(TODAY, 3), title: 'Tarkastus X' });
      const changed = await send('GET', path, undefined, { 'if-none-match': etag });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
      assert.match(await changed.text(), /SUMMARY:Tarkastus X/);

      // Renew: a new address; the old one is 410 with a problem body.
      const renewed = await json<{ url: string }>(await send('POST', `/v1/projects/${token}/feed`));
      assert.notEqual(renewed.url, url);
      await problem(await send('GET', path), 410, 'feed_revoked');
      const newPath = new URL(renewed.url).pathname;
      assert.equal((await send('GET', newPath)).status, 200);
      // Revoke: no address; the last one is 410 too; an unknown or malformed one is 404.
      const revoked = await send('DELETE', `/v1/projects/${token}/feed`);
      assert.equal(revoked.status, 200);
      assert.equal((await json<{ url: string | null }>(revoked)).url, null);
      await problem(await send('GET', newPath), 410, 'feed_revoked');
      await problem(await send('GET', `/v1/projects/feed/${'z'.repeat(43)}.ics`), 404, 'not_found');
      await problem(await send('GET', `/v1/projects/feed/${feedToken}.txt`), 404, 'not_found');
    });

    it('editing: a hand-made application’s facts, a pack application’s deadline only; each edit in its history; 412 on a stale ETag', async () => {
      const res = await send('POST', '/v1/projects', {
        title: 'Tehdas',
        applications: [{ title: 'Ympäristölupa', authority: 'AVI', latestSubmission: addDays(TODAY, 30) }],
      });
      const { token, project } = await json<{ token: string; project: Project }>(res);
      const a = project.applications[0]!;
      const path = `/v1/projects/${token}/applications/${a.id}`;
      await problem(await send('PATCH', path, { title: 'X' }), 428, 'precondition_required');
      await problem(await send('PATCH', path, {}, { 'if-match': a.etag }), 400, 'validation_failed');
      await problem(await send('PATCH', path, { latestSubmission: '2026-02-30' }, { 'if-match': a.etag }), 400, 'validation_failed');
      const edited = await send(
        'PATCH',
        path,
        {
          title: 'Ympäristölupa (muutos)',
          authority: 'Itä-Suomen AVI',
          latestSubmission: addDays(TODAY, 40),
          processingDays: 60,
          legalBasis: 'YSL 27 §',
        },
        { 'if-match': a.etag },
      );
      assert.equal(edited.status, 200, await edited.clone().text());
      const p = await json<
        Project & {
          applications: (App & {
            title: { fi: string };
            latestSubmission: string;
            processingDays: number;
            authority: { name: { fi: string } };
          })[];
        }
      >(edited);
      const e = p.applications[0]!;
      assert.equal(e.title.fi, 'Ympäristölupa (muutos)');
      assert.equal(e.authority.name.fi, 'Itä-Suomen AVI');
      assert.equal(e.latestSubmission, addDays(TODAY, 40));
      assert.equal(e.processingDays, 60);
      assert.notEqual(e.etag, a.etag);
      const h = (p.history as { kind: string; note: string | null; applicationId?: string }[]).find((x) => x.kind === 'application-edited');
      assert.ok(h?.note?.includes(`latestSubmission: ${addDays(TODAY, 30)} → ${addDays(TODAY, 40)}`), h?.note ?? 'no event');
      assert.equal(h?.applicationId, a.id);
      // The ETag read before the edit is stale now: 412, nothing changed.
      await problem(await send('PATCH', path, { title: 'Vanha' }, { 'if-match': a.etag }), 412, 'precondition_failed');
      // The deadline can be removed.
      const cleared = await json<Project & { applications: { latestSubmission: string | null }[] }>(
        await send('PATCH', path, { latestSubmission: null }, { 'if-match': e.etag }),
      );
      assert.equal(cleared.applications[0]!.latestSubmission, null);

      // From the rule pack: the deadline may change, the name and authority may not (422 from_rule_pack).
      const fromPack = await create();
      const r = appOf(fromPack.project, 'rescue-plan');
      const rp = `/v1/projects/${fromPack.token}/applications/${r.id}`;
      const fixed = await problem(
        await send('PATCH', rp, { title: 'Oma nimi', authority: 'X' }, { 'if-match': r.etag }),
        422,
        'validation_failed',
      );
      assert.deepEqual(
        fixed.errors?.map((x) => [x.pointer, x.code]),
        [
          ['/title', 'from_rule_pack'],
          ['/authority', 'from_rule_pack'],
        ],
      );
      const moved = await send('PATCH', rp, { latestSubmission: addDays(TODAY, 2) }, { 'if-match': r.etag });
      assert.equal(moved.status, 200, await moved.clone().text());

      // A cancelled project's facts do not change (409); notes still may.
      const fresh = await get(token);
      await send('POST', `/v1/projects/${token}/cancellation`, {}, { 'if-match': fresh.etag });
      const after = (await get(token)).applications[0]!;
      await problem(await send('PATCH', path, { title: 'Y' }, { 'if-match': after.etag }), 409, 'invalid_transition');
      assert.equal((await send('PATCH', path, { notes: 'Peruttu' }, { 'if-match': after.etag })).status, 200);
    });

    it('milestones: add and delete with the project ETag (412 stale, 428 missing, 404 unknown); both in the history', async () => {
      const { token } = await create();
      const added = await send('POST', `/v1/projects/${token}/milestones`, {
        kind: 'kick-off',
        date: addDays(TODAY, 1),
        title: 'Palaveri',
      });
      assert.equal(added.status, 201);
      const p = await json<Project & { milestones: { id: number; kind: string }[] }>(added);
      const m = (p.milestones as { id: number; kind: string }[]).find((x) => x.kind === 'kick-off')!;
      const path = `/v1/projects/${token}/milestones/${m.id}`;
      await problem(await send('DELETE', path), 428, 'precondition_required');
      await problem(await send('DELETE', path, undefined, { 'if-match': '"p0-0"' }), 412, 'precondition_failed');
      await problem(await send('DELETE', `/v1/projects/${token}/milestones/999999`, undefined, { 'if-match': p.etag }), 404, 'not_found');
      await problem(await send('DELETE', `/v1/projects/${token}/milestones/abc`, undefined, { 'if-match': p.etag }), 404, 'not_found');
      const other = await create();
      await problem(
        await send('DELETE', `/v1/projects/${other.token}/milestones/${m.id}`, undefined, { 'if-match': other.project.etag }),
        404,
        'not_found',
      );
      const gone = await send('DELETE', path, undefined, { 'if-match': p.etag });
      assert.equal(gone.status, 200, await gone.clone().text());
      const after = await json<Project & { milestones: { id: number }[] }>(gone);
      assert.ok(!(after.milestones as { id: number }[]).some((x) => x.id === m.id));
      assert.notEqual(after.etag, p.etag);
      assert.ok(after.history.some((h) => h.kind === 'milestone-deleted' && h.note === `Palaveri ${addDays(TODAY, 1)}`));
      assert.ok(after.history.some((h) => h.kind === 'milestone-added'));
    });

    it('webhooks: a subscription, every change delivered signed (HMAC-SHA256), retried with back-off, recorded', async () => {
      const sub = await send('POST', '/v1/project-webhooks', { organisation: RESCUE, url: hookUrl }, staffOf(RESCUE));
      assert.equal(sub.status, 201, await sub.clone().text());
      const { secret } = await json<{ secret: string }>(sub);
      await problem(await send('POST', '/v1/project-webhooks', { organisation: CITY, url: hookUrl }, staffOf(RESCUE)), 403, 'forbidden');
      const worker = webhookWorkers.get(t.db)!;
      await worker.runOnce();
      received.length = 0;
      failNext = 1;
      const { token, project } = await create();
      const a = appOf(project, 'rescue-plan');
      await send('POST', `/v1/projects/${token}/applications/${a.id}/transitions`, { to: 'submitted' }, { 'if-match': a.etag });
      await worker.runOnce(); // the first attempt fails (503): retried later
      const { rows } = await t.db.query<{ status: string; attempts: number }>(
        `SELECT status, attempts FROM project_webhook_deliveries d JOIN project_events e ON e.id = d.event_id WHERE e.project_id = $1 ORDER BY d.id`,
        [project.id],
      );
      assert.ok(
        rows.some((r) => r.attempts === 1 && r.status === 'pending'),
        JSON.stringify(rows),
      );
      await worker.runOnce(new Date(Date.now() + 60_000)); // after the back-off
      const left = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM project_webhook_deliveries d JOIN project_events e ON e.id = d.event_id WHERE e.project_id = $1 AND status <> 'delivered'`,
        [project.id],
      );
      assert.equal(left.rows[0]!.n, 0);
      const transition = received
        .map((r) => ({ ...r, payload: JSON.parse(r.body) as { type: string; to: string } }))
        .find((r) => r.payload.to === 'submitted');
      assert.ok(transition, 'the transition was delivered');
      const sig = String(transition.headers['x-luukku-signature']);
      const [, ts, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig) ?? [];
      assert.equal(mac, createHmac('sha256', secret).update(`${ts}.${transition.body}`).digest('hex'));
      assert.equal(JSON.stringify(transition.payload).includes(token), false, 'the token never leaves in a webhook');
    });
  });
}
