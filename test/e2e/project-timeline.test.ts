/**
 * End to end on the demo site: the permit explorer's result on the city's event page becomes a
 * project (<luukku-project-timeline create>), the organiser marks the rescue plan submitted, an
 * official of the rescue department confirms receipt and requests information in another
 * browser context (the staff intranet), and the organiser sees both and answers. Then the
 * organiser's edit forms (edit.ts) against the real server: a change made meanwhile (an
 * official's state change of the application, another tab's change of the project) is a 412
 * that keeps what was typed; the second send stores it; an empty name is the server's 400.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useDemoSite } from './demo-site.js';

const demo = useDemoSite();
const TL = 'luukku-project-timeline';
// The v2 title (the plan is also required for invitation-only "other events": 379/2011 s. 16).
const RESCUE_PLAN = 'Tilaisuuden pelastussuunnitelma';

const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

function resultUrl(base: string): string {
  const q = new URLSearchParams({
    'pe.step': 'result',
    'pe.eventType': 'public-event',
    'pe.startDate': inDays(60),
    'pe.startTime': '16:00',
    'pe.venue': 'public-area',
    'pe.attendance': '1500',
    'pe.alcohol': 'no',
    'pe.food': 'no',
    'pe.music': 'yes',
    'pe.amplifiedSound': 'no',
    'pe.structures': 'no',
    'pe.trafficImpact': 'no',
    'pe.stewards': 'no',
    'pe.lottery': 'no',
    'pe.drones': 'no',
    'pe.openFire': 'no',
    'pe.laser': 'no',
  });
  return `${base}/tapahtuma.html?${q.toString()}`;
}

async function openDetails(page: Page, title: string): Promise<void> {
  const cell = page.locator(`${TL} [role="rowheader"]`, { hasText: title }).first();
  await cell.waitFor({ timeout: 20_000 });
  await cell.focus();
  await page.keyboard.press('Enter');
  await page.locator(`${TL} #details-heading`).waitFor();
}

const details = (page: Page) => page.locator(`${TL} .details`);

interface ApiAnswer {
  status: number;
  etag: string | null;
  body: Record<string, unknown>;
}
interface ApiApplication {
  id: string;
  title: { fi: string };
  etag: string;
  state: string;
  reference: string | null;
  latestSubmission: string | null;
}
interface ApiProject {
  title: string;
  etag: string;
  startsOn: string | null;
  endsOn: string | null;
  applications: ApiApplication[];
}

/** The reference server's HTTP API from Node (no browser): the organiser's token or the official's staff key. */
async function api(path: string, o: { method?: string; body?: unknown; ifMatch?: string; bearer?: string } = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.ifMatch) headers['if-match'] = o.ifMatch;
  if (o.bearer) headers.authorization = `Bearer ${o.bearer}`;
  const res = await fetch(`${demo.server.url}${path}`, {
    method: o.method ?? 'GET',
    headers,
    ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
  });
  return { status: res.status, etag: res.headers.get('etag'), body: (await res.json()) as Record<string, unknown> };
}
const readProject = async (token: string): Promise<ApiProject> => (await api(`/v1/projects/${token}`)).body as unknown as ApiProject;

/** A project made through the API from the explorer's answers (the rule pack's applications), as the create button makes it. */
async function createProject(title: string): Promise<{ token: string; project: ApiProject }> {
  // The explorer's answers as its result event carries them (the first test's URL, typed).
  const answers = {
    eventType: 'public-event',
    startDate: inDays(60),
    startTime: '16:00',
    venue: 'public-area',
    attendance: 1500,
    ...Object.fromEntries(
      ['alcohol', 'food', 'amplifiedSound', 'structures', 'trafficImpact', 'stewards', 'lottery', 'drones', 'openFire', 'laser'].map(
        (k) => [k, false],
      ),
    ),
    music: true,
  };
  const made = await api('/v1/projects', {
    method: 'POST',
    body: { title, permitResult: { organisation: 'demo-kaupunki', mode: 'events', answers, result: { obligations: [] } } },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return made.body as unknown as { token: string; project: ApiProject };
}

/** The widget's day as Finnish shows it (d.m.yyyy). */
const fiDate = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}.${Number(m)}.${y}`;
};

async function typeDate(page: Page, id: string, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-') as [string, string, string];
  await page.locator(`${TL} #${id}-day`).fill(String(Number(d)));
  await page.locator(`${TL} #${id}-month`).fill(String(Number(m)));
  await page.locator(`${TL} #${id}-year`).fill(y);
}

interface Edit {
  status: number;
  ifMatch: string | undefined;
  body: unknown;
}

/** The organiser's edits the page sends (PATCH under /v1/projects/), as they are answered. */
function recordEdits(page: Page): Edit[] {
  const seen: Edit[] = [];
  page.on('response', (res) => {
    const req = res.request();
    if (req.method() !== 'PATCH' || !new URL(req.url()).pathname.startsWith('/v1/projects/')) return;
    seen.push({ status: res.status(), ifMatch: req.headers()['if-match'], body: req.postDataJSON() as unknown });
  });
  return seen;
}

/** The `n`th edit (from 1) once it is answered. */
async function nthEdit(page: Page, seen: Edit[], n: number): Promise<Edit> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const edit = seen[n - 1];
    if (edit) return edit;
    if (Date.now() > deadline) throw new Error(`${seen.length} edits answered, waited for ${n}`);
    await page.waitForTimeout(50);
  }
}

/** Sends the open edit form with a stale ETag: the server's 412, sent with `staleEtag`, and the widget says the project changed meanwhile. */
async function sendExpectingConflict(page: Page, seen: Edit[], staleEtag: string | undefined): Promise<void> {
  await page.locator(`${TL} .edit button[type="submit"]`).click();
  await page.locator(`${TL} #edit-message`).waitFor({ timeout: 10_000 });
  const first = await nthEdit(page, seen, 1);
  assert.equal(first.status, 412);
  assert.equal(first.ifMatch, staleEtag);
  assert.match(await page.locator(`${TL} #edit-message`).innerText(), /muutti hanketta sillä välin/);
}

/** The id of the element focused inside the timeline's shadow root. */
const focusedId = (page: Page): Promise<string | undefined> =>
  page.evaluate((sel) => document.querySelector(sel)?.shadowRoot?.activeElement?.id, TL);

describe('project timeline on the demo site', () => {
  test('explorer result → project; the official confirms receipt and requests information; the organiser sees both and answers', async () => {
    const organiser = await demo.browser.newContext();
    const official = await demo.browser.newContext();
    try {
      const page = await organiser.newPage();
      await page.goto(resultUrl(demo.server.url));
      const create = page.locator(`${TL} button`, { hasText: 'Luo hanke tästä tuloksesta' });
      await create.waitFor({ timeout: 20_000 });
      await create.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/[?&]project=/, { timeout: 20_000 });
      const token = new URL(page.url()).searchParams.get('project') ?? '';
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.match(await page.locator(`${TL} #private-link`).inputValue(), new RegExp(token));

      // The organiser marks the rescue plan submitted (the first allowed state), with a reference.
      await openDetails(page, RESCUE_PLAN);
      await details(page).locator('input[id^="ref:"]').fill('oma-1');
      await details(page).getByRole('button', { name: 'Tallenna', exact: true }).click();
      await page.locator(`${TL} [role="rowheader"]`, { hasText: RESCUE_PLAN }).waitFor();
      await page.locator(`${TL} .details .state`, { hasText: 'Jätetty' }).waitFor({ timeout: 10_000 });

      // The official, in another context, with the rescue department's staff key.
      const staff = await official.newPage();
      await staff.goto(`${demo.server.url}/henkilosto.html`);
      const key = staff.locator(`${TL} #f-staffKey`);
      await key.waitFor({ timeout: 20_000 });
      await key.fill(demo.server.staffKey);
      await key.press('Enter');
      await openDetails(staff, RESCUE_PLAN);
      await details(staff).locator('input[id^="ref:"]').fill('PEL/77/2027');
      await details(staff).locator('textarea[id^="note:"]').fill('Saapunut, käsittelemme.');
      await details(staff).getByRole('button', { name: 'Tallenna', exact: true }).click();
      await staff.locator(`${TL} .details .state`, { hasText: 'Vastaanotettu' }).waitFor({ timeout: 10_000 });
      await details(staff).locator('textarea[id^="q:"]').fill('Lisää pelastustiet asemapiirrokseen.');
      const [dueYear, dueMonth, dueDay] = inDays(7).split('-') as [string, string, string];
      await details(staff).locator('input[id^="due-"][id$="-day"]').fill(dueDay);
      await details(staff).locator('input[id^="due-"][id$="-month"]').fill(dueMonth);
      await details(staff).locator('input[id^="due-"][id$="-year"]').fill(dueYear);
      await details(staff).getByRole('button', { name: 'Pyydä lisätietoja', exact: true }).click();
      await staff.locator(`${TL} .details .state`, { hasText: 'Lisätietoja pyydetty' }).waitFor({ timeout: 10_000 });

      // The organiser reloads the private link: both are there; the answer goes back to processing.
      await page.goto(page.url());
      await openDetails(page, RESCUE_PLAN);
      const text = await details(page).innerText();
      assert.match(text, /PEL\/77\/2027/);
      assert.match(text, /Lisätietoja pyydetty/);
      assert.match(text, /Lisää pelastustiet asemapiirrokseen\./);
      assert.match(text, /Saapunut, käsittelemme\./);
      await details(page).locator('.requests textarea').fill('Piirros liitteenä.');
      await details(page).getByRole('button', { name: 'Lähetä vastaus' }).click();
      await page.locator(`${TL} .details .state`, { hasText: 'Käsittelyssä' }).waitFor({ timeout: 10_000 });
      assert.match(await details(page).innerText(), /Vastattu: Piirros liitteenä\./);

      // The official sees the answer.
      await staff.reload();
      const key2 = staff.locator(`${TL} #f-staffKey`);
      await key2.waitFor({ timeout: 20_000 });
      await key2.fill(demo.server.staffKey);
      await key2.press('Enter');
      await openDetails(staff, RESCUE_PLAN);
      assert.match(await details(staff).innerText(), /Vastattu: Piirros liitteenä\./);

      // The organiser's read-only calendar feed: made from the element, a calendar without the project token.
      await page.locator(`${TL} #feed-show`).click();
      await page.locator(`${TL} #feed-make`).click();
      const feedUrl = await page.locator(`${TL} #feed-url`).inputValue({ timeout: 10_000 });
      assert.ok(!feedUrl.includes(token), feedUrl);
      const ics = await page.request.get(feedUrl);
      assert.equal(ics.status(), 200);
      const calendar = await ics.text();
      assert.match(calendar, /BEGIN:VCALENDAR/);
      assert.ok(!calendar.includes(token));
      // Renewed from the element: the old address is gone (410).
      await page.locator(`${TL} #feed-renew`).click();
      await page.locator(`${TL} .feed [role="group"] .btn-danger`).click();
      await page.waitForFunction(
        ([sel, old]) => (document.querySelector(sel)?.shadowRoot?.querySelector<HTMLInputElement>('#feed-url')?.value ?? old) !== old,
        [TL, feedUrl] as const,
      );
      assert.equal((await page.request.get(feedUrl)).status(), 410);
    } finally {
      await organiser.close();
      await official.close();
    }
  });

  test('an official confirms receipt while the organiser edits the application: 412, the typed day kept, what is saved now under it; the second send is stored', async () => {
    const { token, project } = await createProject('Kesäkonsertti puistossa');
    const plan = project.applications.find((a) => a.title.fi === RESCUE_PLAN);
    assert.ok(plan, 'no rescue plan from the rule pack');
    // The organiser has submitted the plan (through the API, as the first test does through the page).
    const submitted = await api(`/v1/projects/${token}/applications/${plan.id}/transitions`, {
      method: 'POST',
      ifMatch: plan.etag,
      body: { to: 'submitted', reference: 'oma-2' },
    });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const before = (await readProject(token)).applications.find((a) => a.id === plan.id)!;

    const organiser = await demo.browser.newContext();
    try {
      const page = await organiser.newPage();
      const seen = recordEdits(page);
      await page.goto(`${demo.server.url}/tapahtuma.html?project=${token}`);
      await openDetails(page, RESCUE_PLAN);
      await page.locator(`${TL} #edit-a${plan.id}`).click();
      await page.locator(`${TL} .edit #ed-latestSubmission-day`).waitFor({ timeout: 10_000 });
      // From the rule pack: only the latest submission day is the organiser's to change.
      assert.equal(await page.locator(`${TL} #ed-title`).count(), 0);
      const typed = inDays(20);
      assert.notEqual(typed, before.latestSubmission);
      await typeDate(page, 'ed-latestSubmission', typed);

      // Meanwhile the rescue department's official confirms receipt with the staff key: the application's ETag changes.
      const received = await api(`/v1/authority-projects/applications/${plan.id}/transitions`, {
        method: 'POST',
        bearer: demo.server.staffKey,
        ifMatch: before.etag,
        body: { to: 'received', reference: 'PEL/88/2027' },
      });
      assert.equal(received.status, 200, JSON.stringify(received.body));
      const now = (await readProject(token)).applications.find((a) => a.id === plan.id)!;
      assert.notEqual(now.etag, before.etag);
      assert.equal(now.state, 'received');

      await sendExpectingConflict(page, seen, before.etag);
      assert.equal(await focusedId(page), 'edit-message');
      // Reloaded: the official's step is shown; what was typed is still in the fields; what is saved now under them.
      await page.locator(`${TL} .details .state`, { hasText: 'Vastaanotettu' }).waitFor({ timeout: 10_000 });
      const [y, m, d] = typed.split('-') as [string, string, string];
      assert.equal(await page.locator(`${TL} #ed-latestSubmission-day`).inputValue(), String(Number(d)));
      assert.equal(await page.locator(`${TL} #ed-latestSubmission-month`).inputValue(), String(Number(m)));
      assert.equal(await page.locator(`${TL} #ed-latestSubmission-year`).inputValue(), y);
      const saved = await page.locator(`${TL} #ed-latestSubmission-now`).innerText();
      assert.equal(saved.trim(), `Nyt tallennettu: ${now.latestSubmission ? fiDate(now.latestSubmission) : '(tyhjä)'}`);

      // The second send carries the new ETag and is stored; the official's step stays.
      await page.locator(`${TL} .edit button[type="submit"]`).click();
      await page.locator(`${TL} .edit`).waitFor({ state: 'detached', timeout: 10_000 });
      const second = await nthEdit(page, seen, 2);
      assert.equal(second.status, 200);
      assert.equal(second.ifMatch, now.etag);
      assert.deepEqual(second.body, { latestSubmission: typed });
      const stored = (await readProject(token)).applications.find((a) => a.id === plan.id)!;
      assert.equal(stored.latestSubmission, typed);
      assert.equal(stored.state, 'received');
      assert.equal(stored.reference, 'PEL/88/2027');
      assert.match(await details(page).innerText(), new RegExp(fiDate(typed).replaceAll('.', '\\.')));
    } finally {
      await organiser.close();
    }
  });

  test("the project changed in another tab while the organiser edits it: 412, every typed text kept, the other name under the field; the second send is stored; an empty name is the server's 400 on the field", async () => {
    const { token, project } = await createProject('Kesäkonsertti');
    const organiser = await demo.browser.newContext();
    try {
      const page = await organiser.newPage();
      const seen = recordEdits(page);
      await page.goto(`${demo.server.url}/tapahtuma.html?project=${token}`);
      const open = page.locator(`${TL} #edit-project`);
      await open.waitFor({ timeout: 20_000 });
      await open.click();
      await page.locator(`${TL} .edit #ed-title`).waitFor({ timeout: 10_000 });
      const starts = inDays(61);
      const ends = inDays(62);
      await page.locator(`${TL} #ed-title`).fill('Kesäkonsertti ja yöklubi');
      await typeDate(page, 'ed-startsOn', starts);
      await typeDate(page, 'ed-endsOn', ends);

      // Meanwhile the organiser's other tab renames the project: the project's ETag changes.
      const other = await api(`/v1/projects/${token}`, {
        method: 'PATCH',
        ifMatch: project.etag,
        body: { title: 'Kesäkonsertti rannalla' },
      });
      assert.equal(other.status, 200, JSON.stringify(other.body));
      assert.notEqual(other.etag, project.etag);

      await sendExpectingConflict(page, seen, project.etag);
      assert.equal(await page.locator(`${TL} #ed-title`).inputValue(), 'Kesäkonsertti ja yöklubi');
      assert.equal(await page.locator(`${TL} #ed-endsOn-day`).inputValue(), String(Number(ends.slice(8))));
      assert.equal(await page.locator(`${TL} #ed-endsOn-year`).inputValue(), ends.slice(0, 4));
      assert.equal((await page.locator(`${TL} #ed-title-now`).innerText()).trim(), 'Nyt tallennettu: Kesäkonsertti rannalla');
      assert.equal(
        (await page.locator(`${TL} #ed-endsOn-now`).innerText()).trim(),
        `Nyt tallennettu: ${project.endsOn ? fiDate(project.endsOn) : '(tyhjä)'}`,
      );

      await page.locator(`${TL} .edit button[type="submit"]`).click();
      await page.locator(`${TL} .edit`).waitFor({ state: 'detached', timeout: 10_000 });
      const second = await nthEdit(page, seen, 2);
      assert.equal(second.status, 200);
      assert.equal(second.ifMatch, other.etag);
      const stored = await readProject(token);
      assert.equal(stored.title, 'Kesäkonsertti ja yöklubi');
      assert.equal(stored.startsOn, starts);
      assert.equal(stored.endsOn, ends);

      // An empty name: the widget sends it, the server's 400 (validation_failed, /title minLength) is on the field.
      await page.locator(`${TL} #edit-project`).click();
      await page.locator(`${TL} .edit #ed-title`).waitFor({ timeout: 10_000 });
      await page.locator(`${TL} #ed-title`).fill('');
      await page.locator(`${TL} .edit button[type="submit"]`).click();
      await page.locator(`${TL} #ed-title-error`).waitFor({ timeout: 10_000 });
      const third = await nthEdit(page, seen, 3);
      assert.equal(third.status, 400);
      assert.deepEqual(third.body, { title: '' });
      assert.match(await page.locator(`${TL} #ed-title-error`).innerText(), /Tämä tieto tarvitaan/);
      assert.equal(await page.locator(`${TL} #ed-title`).getAttribute('aria-invalid'), 'true');
      assert.match(await page.locator(`${TL} .error-summary`).innerText(), /Hankkeen nimi/);
      assert.equal(await focusedId(page), 'ed-title');
      assert.equal((await readProject(token)).title, 'Kesäkonsertti ja yöklubi');
    } finally {
      await organiser.close();
    }
  });
});
