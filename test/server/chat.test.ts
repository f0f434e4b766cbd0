/**
 * The chat advisor's server (issue 10): knowledge-base search (finnish / swedish / english
 * configurations, prefix while typing, trigram fallback, review status), desks, a person's
 * conversation (token, idempotent messages, event stream with resume), the console (claim by
 * exactly one official, answer, transfer, close), saved answers reviewed by another official,
 * attachments (sniffed, metadata stripped), flood limit, transcript escaping, deletion.
 * Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { constants, deflateSync, inflateSync } from 'node:zlib';
import { stripJpeg, stripPdf, stripPng, sniff } from '../../src/server/chat/attachments.js';
import { buildApp, json, problem, targets, type TestApp } from './helpers.js';

// A Tuesday 10:00 in Helsinki: every demo desk is open.
process.env.LUUKKU_CHAT_CLOCK = '2026-03-10T08:00:00Z';
process.env.LUUKKU_CHAT_MESSAGES_PER_MINUTE = '30';

const ORG = 'demo-kaupunki';

for (const target of targets()) {
  describe(`chat (${target.name})`, () => {
    let t: TestApp;
    let key: string;
    const staffHeaders = () => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
    const req = async (path: string, init: RequestInit = {}): Promise<Response> => await t.app.request(path, init);
    const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      req(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const search = async (q: string, lang = 'fi', extra = '') =>
      json<{ results: { slug: string; language: string; review: string; match: string; title: string; plain: boolean }[] }>(
        await req(`/v1/chat/kb/search?organisation=${ORG}&lang=${lang}&q=${encodeURIComponent(q)}${extra}`),
      );
    const session = async (name: string, languages: string[]) =>
      json<{ official: { id: string }; streamToken: string }>(
        await postJson('/v1/chat/console/sessions', { organisation: ORG, name, languages }, staffHeaders()),
      );
    const start = async (language = 'fi', topic = 'events') => {
      const res = await postJson('/v1/chat/conversations', { organisation: ORG, topic, language, mode: 'live', page: '/tapahtuma.html' });
      assert.equal(res.status, 201, await res.clone().text());
      return json<{ token: string; conversation: { id: string; position: number; expectedWaitMinutes: number; status: string } }>(res);
    };

    before(async () => {
      t = await buildApp(target);
      key = t.keys[ORG]!;
      await t.chat.ready();
    });
    after(async () => {
      await t.chat.close();
      await t.close();
    });

    it('seeds at least 60 articles in fi and sv, some in en, plain Finnish and Sámi marked unreviewed', async () => {
      const rows = (
        await t.db.query<{ language: string; plain: boolean; review: string; n: string }>(
          `SELECT language, plain, review, count(*) AS n FROM kb_articles WHERE organisation_id = $1 GROUP BY 1, 2, 3`,
          [ORG],
        )
      ).rows;
      const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).reduce((n, r) => n + Number(r.n), 0);
      assert.ok(count((r) => r.language === 'fi' || r.language === 'sv') >= 60, JSON.stringify(rows));
      assert.ok(count((r) => r.language === 'en') >= 10);
      assert.ok(count((r) => r.language === 'se') >= 3);
      assert.equal(
        count((r) => (r.language === 'se' || r.plain) && r.review === 'reviewed'),
        0,
      );
    });

    it('a second seed refreshes seeded articles nobody touched (an old database\'s "14 undefined") and keeps reviewed ones', async () => {
      const pick = async (offset: number) =>
        (
          await t.db.query<{ id: string; body: string }>(
            `SELECT id, body FROM kb_articles WHERE organisation_id = $1 AND created_by IS NULL AND language = 'fi' ORDER BY slug OFFSET $2 LIMIT 1`,
            [ORG, offset],
          )
        ).rows[0]!;
      const stale = await pick(0);
      const reviewed = await pick(1);
      await t.db.query(`UPDATE kb_articles SET body = 'Määräaika: 14 undefined' WHERE id = $1`, [stale.id]);
      await t.db.query(`UPDATE kb_articles SET body = 'Virkailijan tarkistama teksti.', reviewed_by = 'official-1' WHERE id = $1`, [
        reviewed.id,
      ]);
      const { seedKnowledgeBase, KB_DATA_DIR } = await import('../../src/server/chat/kb-seed.js');
      await seedKnowledgeBase(t.db, KB_DATA_DIR);
      const body = async (id: string) =>
        (await t.db.query<{ body: string }>('SELECT body FROM kb_articles WHERE id = $1', [id])).rows[0]!.body;
      assert.equal(await body(stale.id), stale.body, 'the seed text is back');
      assert.equal(await body(reviewed.id), 'Virkailijan tarkistama teksti.', 'a reviewed article is kept');
      await t.db.query(`UPDATE kb_articles SET body = $2, reviewed_by = NULL WHERE id = $1`, [reviewed.id, reviewed.body]);
    });

    it('finds answers while typing, in the language asked, with Finnish stemming and prefixes', async () => {
      const fi = await search('ilotulit');
      assert.ok(fi.results.length > 0);
      assert.ok(fi.results.every((r) => r.language === 'fi'));
      assert.ok(fi.results.some((r) => /ilotulit/i.test(r.title)));
      const meeting = await search('mielenosoitus poliisi');
      assert.equal(meeting.results[0]?.slug, 'public-meeting-notice');
      const sv = await search('bulleranmälan', 'sv');
      assert.ok(sv.results.some((r) => r.slug === 'rule-noise-notification' && r.language === 'sv'));
      const en = await search('alcohol licence', 'en');
      assert.equal(en.results[0]?.slug, 'alcohol-serving-licence');
    });

    it('falls back to trigram similarity for typos and word forms', async () => {
      const typo = await search('pelastusuunitelma');
      assert.ok(
        typo.results.some((r) => r.slug === 'rule-rescue-plan'),
        JSON.stringify(typo.results.map((r) => r.slug)),
      );
      assert.equal(typo.results[0]?.match, 'fuzzy');
    });

    it('prefers plain Finnish and Sámi where written, marks their review status, else falls back to Finnish', async () => {
      const plain = await search('mielenosoitus', 'fi', '&plain=true');
      const top = plain.results[0];
      assert.ok(top);
      assert.equal(top.plain, true);
      assert.equal(top.review, 'unreviewed');
      const se = await search('politiija', 'se');
      assert.ok(se.results.length > 0 && se.results.every((r) => r.language === 'se'));
      const seFallback = await search('anniskelulupa', 'se');
      assert.equal(seFallback.results[0]?.language, 'fi');
    });

    it('rejects bad search input with 4xx', async () => {
      await problem(await req(`/v1/chat/kb/search?organisation=${ORG}&lang=xx&q=a`), 400, 'validation_failed');
      await problem(await req(`/v1/chat/kb/search?organisation=nope&lang=fi&q=a`), 404, 'unknown_organisation');
      const nothing = await search('&&|!:*()');
      assert.deepEqual(nothing.results, []);
      await problem(await req(`/v1/chat/kb/search?organisation=${ORG}&lang=fi&q=${encodeURIComponent('\0')}`), 400, 'validation_failed');
    });

    it('desks: opening hours, open now, officials on duty per language', async () => {
      const d = await json<{ topics: { id: string; open: boolean; officialsOnDuty: Record<string, number> }[] }>(
        await req(`/v1/chat/desks?organisation=${ORG}`),
      );
      assert.ok(d.topics.find((x) => x.id === 'events')?.open);
      assert.equal(d.topics.find((x) => x.id === 'environment')?.open, true);
    });

    it('a conversation: queue position, idempotent messages, token guards it, exactly one official claims it', async () => {
      const a = await start();
      const b = await start();
      assert.equal(b.conversation.position, a.conversation.position + 1);
      assert.ok(b.conversation.expectedWaitMinutes > 0);
      const path = `/v1/chat/conversations/${a.conversation.id}`;
      const msg = { clientId: 'c-1', text: '<b>Hei</b> tarvitsenko luvan?' };
      const first = await postJson(`${path}/messages?token=${a.token}`, msg);
      assert.equal(first.status, 201);
      const again = await postJson(`${path}/messages?token=${a.token}`, msg);
      assert.equal(again.status, 200);
      assert.equal((await json<{ seq: number }>(again)).seq, (await json<{ seq: number }>(first)).seq);
      await problem(await req(`${path}?token=${b.token}`), 404, 'not_found');
      await problem(await req(`${path}?token=short`), 400, 'validation_failed');

      const [o1, o2] = [await session('Anna', ['fi']), await session('Bertil', ['fi', 'sv'])];
      const claims = await Promise.all(
        [o1, o2, o1, o2].map(
          async (o) =>
            await postJson(`/v1/chat/console/conversations/${a.conversation.id}/claim`, { official: o.official.id }, staffHeaders()),
        ),
      );
      assert.deepEqual(claims.map((r) => r.status).sort(), [200, 409, 409, 409]);
      const winner = claims.findIndex((r) => r.status === 200) % 2 === 0 ? o1 : o2;
      const loser = winner === o1 ? o2 : o1;
      await problem(
        await postJson(
          `/v1/chat/console/conversations/${a.conversation.id}/messages`,
          { official: loser.official.id, clientId: 'x', text: 'no' },
          staffHeaders(),
        ),
        409,
        'already_claimed',
      );
      const answer = await postJson(
        `/v1/chat/console/conversations/${a.conversation.id}/messages`,
        { official: winner.official.id, clientId: 'o-1', text: 'Ilmoita poliisille viisi vuorokautta ennen.' },
        staffHeaders(),
      );
      assert.equal(answer.status, 201);
      const conv = await json<{ status: string; messages: { author: string; text: string }[] }>(await req(`${path}?token=${a.token}`));
      assert.equal(conv.status, 'active');
      assert.deepEqual(
        conv.messages.filter((m) => m.author !== 'system').map((m) => m.author),
        ['person', 'official'],
      );
      // Swedish is routed to Swedish-serving officials.
      const sv = await start('sv');
      await problem(
        await postJson(`/v1/chat/console/conversations/${sv.conversation.id}/claim`, { official: o1.official.id }, staffHeaders()),
        403,
        'forbidden',
      );
      assert.equal(
        (await postJson(`/v1/chat/console/conversations/${sv.conversation.id}/claim`, { official: o2.official.id }, staffHeaders())).status,
        200,
      );
      // Another organisation's key sees nothing of this one.
      const other = t.keys['demo-stad']!;
      await problem(
        await req(`/v1/chat/console/queue?organisation=${ORG}`, { headers: { authorization: `Bearer ${other}` } }),
        403,
        'forbidden',
      );
      await problem(
        await req(`/v1/chat/console/conversations/${a.conversation.id}`, { headers: { authorization: `Bearer ${other}` } }),
        404,
        'not_found',
      );
    });

    it('the event stream delivers new messages and resumes after Last-Event-ID without repeats', async () => {
      const a = await start();
      const path = `/v1/chat/conversations/${a.conversation.id}`;
      const m1 = await json<{ seq: number }>(await postJson(`${path}/messages?token=${a.token}`, { clientId: 'm1', text: 'yksi' }));
      const ctrl = new AbortController();
      const res = await req(`${path}/events?token=${a.token}`, { headers: { 'last-event-id': String(m1.seq) }, signal: ctrl.signal });
      assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const until = async (re: RegExp) => {
        while (!re.test(text)) {
          const { value, done } = await reader.read();
          if (done) break;
          text += decoder.decode(value);
        }
      };
      await postJson(`${path}/messages?token=${a.token}`, { clientId: 'm2', text: 'kaksi' });
      await postJson(`${path}/messages?token=${a.token}`, { clientId: 'm2', text: 'kaksi' });
      await postJson(`${path}/messages?token=${a.token}`, { clientId: 'm3', text: 'kolme' });
      await until(/kolme/);
      assert.doesNotMatch(text, /yksi/);
      assert.equal(text.match(/kaksi/g)?.length, 1);
      assert.match(text, /^id: \d+\nevent: message\ndata: /m);
      await reader.cancel();
      ctrl.abort();
    });

    it('saving an answer makes a draft; its author cannot publish it; another official can, and it is then suggested', async () => {
      const [o1, o2] = [await session('Aino', ['fi']), await session('Eero', ['fi'])];
      const draft = await json<{ id: string; status: string }>(
        await postJson(
          '/v1/chat/kb/articles',
          {
            organisation: ORG,
            official: o1.official.id,
            language: 'fi',
            topic: 'events',
            title: 'Saako puistoon tuoda saunatelttaa?',
            body: 'Saunateltta puistossa vaatii alueluvan ja paloturvallisuusselvityksen.',
          },
          staffHeaders(),
        ),
      );
      assert.equal(draft.status, 'draft');
      assert.ok(!(await search('saunateltta')).results.some((r) => r.slug === `answer-${draft.id}`));
      await problem(
        await postJson(`/v1/chat/kb/articles/${draft.id}/publish`, { organisation: ORG, official: o1.official.id }, staffHeaders()),
        403,
        'forbidden',
      );
      const published = await postJson(
        `/v1/chat/kb/articles/${draft.id}/publish`,
        { organisation: ORG, official: o2.official.id },
        staffHeaders(),
      );
      assert.equal(published.status, 200);
      const found = await search('saunatelt');
      const answer = found.results.find((r) => r.slug === `answer-${draft.id}`);
      assert.equal(answer?.review, 'reviewed');
    });

    it('attachments: type from the bytes, EXIF, PNG text and PDF metadata removed, others refused', async () => {
      const exif = Buffer.from('Exif\0\0GPS-SECRET');
      const jpeg = Buffer.concat([
        Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46]),
        Buffer.from([0xff, 0xe1]),
        Buffer.from([0x00, exif.length + 2]),
        exif,
        Buffer.from([0xff, 0xda, 0x00, 0x02, 0x11, 0x22, 0xff, 0xd9]),
      ]);
      const stripped = stripJpeg(jpeg);
      assert.ok(stripped);
      assert.ok(!stripped.includes('GPS-SECRET'));
      assert.equal(sniff(stripped), 'image/jpeg');
      const png = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', Buffer.alloc(13)),
        chunk('tEXt', Buffer.from('Author\0Secret Person')),
        chunk('IEND', Buffer.alloc(0)),
      ]);
      const strippedPng = stripPng(png);
      assert.ok(strippedPng);
      assert.ok(!strippedPng.includes('Secret Person'));
      const a = await start();
      const path = `/v1/chat/conversations/${a.conversation.id}/attachments?token=${a.token}&name=kuva.jpg`;
      const up = await req(path, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: jpeg });
      assert.equal(up.status, 201);
      const m = await json<{ attachment: { id: string; mediaType: string } }>(up);
      const down = await req(`/v1/chat/conversations/${a.conversation.id}/attachments/${m.attachment.id}?token=${a.token}`);
      assert.equal(down.status, 200);
      assert.ok(!Buffer.from(await down.arrayBuffer()).includes('GPS-SECRET'));
      await problem(
        await req(path, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: '<svg onload=alert(1)>' }),
        415,
        'unsupported_attachment',
      );
      await problem(await req(path, { method: 'POST', body: Buffer.alloc(3 * 1024 * 1024, 0xff) }), 413, 'payload_too_large');

      // PDF: the Info dictionary and the XMP stream are blanked in place; the offsets still hold.
      const xmp = '<x:xmpmeta><dc:creator>Salainen Henkilö</dc:creator></x:xmpmeta>';
      const objects = [
        '1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>\nendobj\n',
        '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
        '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>\nendobj\n',
        `4 0 obj\n<< /Type /Metadata /Subtype /XML /Length ${xmp.length} >>\nstream\n${xmp}\nendstream\nendobj\n`,
        '5 0 obj\n<< /Author (Salainen Henkilo) /Creator (Word) /CreationDate (D:20260310) >>\nendobj\n',
      ];
      let pdfText = '%PDF-1.4\n';
      const offsets: number[] = [];
      for (const o of objects) {
        offsets.push(pdfText.length);
        pdfText += o;
      }
      const xref = pdfText.length;
      pdfText += `xref\n0 6\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
      pdfText += `trailer\n<< /Size 6 /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
      const pdf = Buffer.from(pdfText, 'latin1');
      const cleanPdf = stripPdf(pdf);
      assert.ok(cleanPdf);
      const clean = cleanPdf.toString('latin1');
      assert.equal(cleanPdf.length, pdf.length, 'no byte moves');
      for (const secret of ['Salainen', 'Word', 'D:20260310', 'xmpmeta']) assert.ok(!clean.includes(secret), secret);
      for (const [i, o] of offsets.entries()) assert.ok(clean.startsWith(`${i + 1} 0 obj`, o), `object ${i + 1} still at its offset`);
      assert.ok(clean.includes('/Type /Page /Parent 2 0 R'), 'the page is kept');
      const pdfPath = `/v1/chat/conversations/${a.conversation.id}/attachments?token=${a.token}&name=lomake.pdf`;
      const pdfUp = await req(pdfPath, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: pdf });
      assert.equal(pdfUp.status, 201);
      const pm = await json<{ attachment: { id: string; mediaType: string } }>(pdfUp);
      assert.equal(pm.attachment.mediaType, 'application/pdf');
      const pdfDown = Buffer.from(
        await (await req(`/v1/chat/conversations/${a.conversation.id}/attachments/${pm.attachment.id}?token=${a.token}`)).arrayBuffer(),
      );
      assert.ok(!pdfDown.includes('Salainen'), pdfDown.toString('latin1').slice(0, 300));
      assert.ok(pdfDown.includes('/Type /Catalog'), pdfDown.toString('latin1').slice(0, 300));
    });

    it('a flood of messages is rate-limited; bad text is a 4xx; the transcript escapes HTML; the person can delete it', async () => {
      const a = await start();
      const path = `/v1/chat/conversations/${a.conversation.id}`;
      await problem(await postJson(`${path}/messages?token=${a.token}`, { clientId: 'e', text: '   ' }), 400, 'validation_failed');
      await problem(
        await postJson(`${path}/messages?token=${a.token}`, { clientId: 'e', text: 'x'.repeat(2001) }),
        400,
        'validation_failed',
      );
      await problem(await postJson(`${path}/messages?token=${a.token}`, { clientId: 'e', text: 'a\u0007b' }), 400, 'validation_failed');
      await postJson(`${path}/messages?token=${a.token}`, { clientId: 'h', text: '<script>alert(1)</script>' });
      const html = await (await req(`${path}/transcript?token=${a.token}&format=html`)).text();
      assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;') && !html.includes('<script>alert'));
      const txt = await req(`${path}/transcript?token=${a.token}`);
      assert.match(txt.headers.get('content-disposition') ?? '', /attachment; filename="chat-\d{4}-\d{2}-\d{2}\.txt"/);
      const statuses: number[] = [];
      for (let i = 0; i < 14; i++)
        statuses.push((await postJson(`${path}/messages?token=${a.token}`, { clientId: `f${i}`, text: `viesti ${i}` })).status);
      assert.ok(statuses.includes(429), statuses.join());
      assert.equal((await req(`${path}?token=${a.token}`, { method: 'DELETE' })).status, 204);
      await problem(await req(`${path}?token=${a.token}`), 404, 'not_found');
    });

    it('out of hours: live chat refused, a left message is answered by email (logged)', async () => {
      const res = await postJson('/v1/chat/conversations', { organisation: ORG, topic: 'events', language: 'fi', mode: 'message' });
      await problem(res, 400, 'validation_failed');
      const left = await postJson('/v1/chat/conversations', {
        organisation: ORG,
        topic: 'events',
        language: 'fi',
        mode: 'message',
        email: 'jarjestaja@example.fi',
        text: 'Tarvitaanko meluilmoitus?',
      });
      assert.equal(left.status, 201);
      const { conversation } = await json<{ conversation: { id: string; status: string } }>(left);
      assert.equal(conversation.status, 'message');
      const o = await session('Mari', ['fi']);
      assert.equal(
        (await postJson(`/v1/chat/console/conversations/${conversation.id}/claim`, { official: o.official.id }, staffHeaders())).status,
        200,
      );
      await postJson(
        `/v1/chat/console/conversations/${conversation.id}/messages`,
        { official: o.official.id, clientId: 'r', text: 'Kyllä, 14 vrk ennen.' },
        staffHeaders(),
      );
      // The answer is queued in the outbox before the POST is answered; the sender loop logs it (demo).
      const logged = () => t.logs.some((l) => String(l.msg ?? l.message).includes('chat: email') && l.to === 'jarjestaja@example.fi');
      for (let i = 0; i < 200 && !logged(); i++) await new Promise((r) => setTimeout(r, 25));
      assert.ok(logged(), JSON.stringify(t.logs.slice(-3)));
    });

    it('transfer to another authority: its queue gets the note and the history, the sender loses access', async () => {
      const STAD = 'demo-stad';
      const stadKey = t.keys[STAD]!;
      const stadHeaders = { authorization: `Bearer ${stadKey}`, 'content-type': 'application/json' };
      const a = await start('en');
      const path = `/v1/chat/conversations/${a.conversation.id}`;
      assert.equal(
        (await postJson(`${path}/messages?token=${a.token}`, { clientId: 'x-1', text: 'Fireworks at the harbour?' })).status,
        201,
      );
      const me = await session('Aino', ['fi', 'en']);
      const consolePath = `/v1/chat/console/conversations/${a.conversation.id}`;
      assert.equal((await postJson(`${consolePath}/claim`, { official: me.official.id }, staffHeaders())).status, 200);
      // Another authority's desk must serve the person's language; an unknown organisation is refused.
      const transfer = (body: Record<string, unknown>) =>
        postJson(
          `${consolePath}/transfer`,
          { official: me.official.id, note: 'Satama on pelastuslaitoksen asia.', ...body },
          staffHeaders(),
        );
      await problem(await transfer({ organisation: STAD, topic: 'rescue' }), 400, 'validation_failed');
      await problem(await transfer({ organisation: 'nope', topic: 'rescue' }), 404, 'unknown_organisation');
      await problem(await transfer({ organisation: STAD, topic: 'food' }), 400, 'validation_failed');

      // In Finnish it goes.
      const b = await start('fi');
      const bPath = `/v1/chat/conversations/${b.conversation.id}`;
      assert.equal((await postJson(`${bPath}/messages?token=${b.token}`, { clientId: 'y-1', text: 'Ilotulitus satamassa?' })).status, 201);
      const bConsole = `/v1/chat/console/conversations/${b.conversation.id}`;
      assert.equal((await postJson(`${bConsole}/claim`, { official: me.official.id }, staffHeaders())).status, 200);
      const moved = await postJson(
        `${bConsole}/transfer`,
        { official: me.official.id, organisation: STAD, topic: 'rescue', note: 'Satama on pelastuslaitoksen asia.' },
        staffHeaders(),
      );
      assert.equal(moved.status, 200, await moved.clone().text());
      const view = await json<{ organisation: string; status: string; transferredFrom: string }>(moved);
      assert.deepEqual([view.organisation, view.status, view.transferredFrom], [STAD, 'queued', ORG]);

      // The sender: gone from its queue, its officials get 404.
      const ourQueue = await json<{
        conversations: { id: string }[];
        transferTargets: { organisation: string; name: { fi: string }; topics: { id: string; languages: string[] }[] }[];
      }>(await req(`/v1/chat/console/queue?organisation=${ORG}`, { headers: staffHeaders() }));
      assert.ok(!ourQueue.conversations.some((x) => x.id === b.conversation.id));
      // The queue names the other authorities' desks the console offers as transfer targets (never its own).
      const stad = ourQueue.transferTargets.find((x) => x.organisation === STAD);
      assert.ok(stad && stad.name.fi.length > 0, JSON.stringify(ourQueue.transferTargets));
      assert.deepEqual(
        stad.topics.map((x) => [x.id, [...x.languages].sort()]),
        [
          ['events', ['fi', 'sv']],
          ['rescue', ['fi', 'sv']],
        ],
      );
      assert.ok(!ourQueue.transferTargets.some((x) => x.organisation === ORG));
      await problem(await req(bConsole, { headers: staffHeaders() }), 404, 'not_found');
      await problem(
        await postJson(`${bConsole}/messages`, { official: me.official.id, clientId: 'z', text: 'vielä' }, staffHeaders()),
        404,
        'not_found',
      );

      // The receiver: in its queue with the note, and the whole history.
      const theirQueue = await json<{ conversations: { id: string; transferNote?: string; transferredFrom?: string; topic: string }[] }>(
        await req(`/v1/chat/console/queue?organisation=${STAD}`, { headers: stadHeaders }),
      );
      const item = theirQueue.conversations.find((x) => x.id === b.conversation.id);
      assert.deepEqual([item?.topic, item?.transferNote, item?.transferredFrom], ['rescue', 'Satama on pelastuslaitoksen asia.', ORG]);
      const stadOfficial = await json<{ official: { id: string } }>(
        await postJson('/v1/chat/console/sessions', { organisation: STAD, name: 'Sofia', languages: ['sv', 'fi'] }, stadHeaders),
      );
      const claimed = await postJson(`${bConsole}/claim`, { official: stadOfficial.official.id }, stadHeaders);
      assert.equal(claimed.status, 200, await claimed.clone().text());
      const history = await json<{ messages: { text: string; author: string }[] }>(claimed);
      assert.ok(history.messages.some((m) => m.author === 'person' && m.text === 'Ilotulitus satamassa?'));
      // The person still has the conversation, now with the receiving authority.
      const person = await json<{ organisation: string; status: string }>(await req(`${bPath}?token=${b.token}`));
      assert.deepEqual([person.organisation, person.status], [STAD, 'active']);
    });

    it("officials' own keys: issued by a staff key holder, stored hashed, sign the console in, name the claim, revocable", async () => {
      const issued = await postJson(
        '/v1/chat/console/officials',
        { organisation: ORG, name: 'Kaisa Kivi', languages: ['fi', 'sv'] },
        staffHeaders(),
      );
      assert.equal(issued.status, 201, await issued.clone().text());
      const { official, key: own } = await json<{ official: { id: string; name: string; languages: string[] }; key: string }>(issued);
      assert.match(own, /^lko_[A-Za-z0-9_-]{43}$/);
      const stored = (await t.db.query<{ key_hash: string }>('SELECT key_hash FROM chat_officials WHERE id = $1', [official.id])).rows[0];
      assert.ok(stored && stored.key_hash.length === 64 && !stored.key_hash.includes(own), 'only a hash is kept');
      const ownHeaders = { authorization: `Bearer ${own}`, 'content-type': 'application/json' };

      // Signing in with the own key: the name and languages are the key's.
      const signed = await json<{ official: { id: string; name: string; languages: string[] }; streamToken: string }>(
        await postJson('/v1/chat/console/sessions', { organisation: ORG, name: 'Someone else', languages: ['en'] }, ownHeaders),
      );
      assert.deepEqual(signed.official, { id: official.id, name: 'Kaisa Kivi', languages: ['fi', 'sv'] });
      // It opens only its own organisation, and acts only as its official.
      await problem(await req('/v1/chat/console/queue?organisation=demo-stad', { headers: ownHeaders }), 403, 'forbidden');
      const a = await start('sv');
      const other = await session('Olli', ['fi', 'sv']);
      const consolePath = `/v1/chat/console/conversations/${a.conversation.id}`;
      await problem(await postJson(`${consolePath}/claim`, { official: other.official.id }, ownHeaders), 403, 'forbidden');
      const claimed = await postJson(`${consolePath}/claim`, { official: official.id }, ownHeaders);
      assert.equal(claimed.status, 200, await claimed.clone().text());
      const view = await json<{ official: { name: string }; messages: { text: string }[] }>(claimed);
      assert.equal(view.official.name, 'Kaisa Kivi');
      assert.ok(view.messages.some((m) => m.text === 'official-joined:Kaisa Kivi'));
      // Issuing and listing need the staff key; the list never shows keys.
      await problem(
        await postJson('/v1/chat/console/officials', { organisation: ORG, name: 'X', languages: ['fi'] }, ownHeaders),
        401,
        'unauthorized',
      );
      const list = await json<{ officials: { id: string; keyIssuedAt?: string; keyRevokedAt?: string }[] }>(
        await req(`/v1/chat/console/officials?organisation=${ORG}`, { headers: staffHeaders() }),
      );
      const listed = list.officials.find((o) => o.id === official.id);
      assert.ok(listed?.keyIssuedAt && !listed.keyRevokedAt);
      assert.ok(!JSON.stringify(list).includes(own));

      // Revoked: the key opens nothing, its stream tokens are gone; a wrong key is a 401 too.
      assert.equal((await req(`/v1/chat/console/officials/${official.id}`, { method: 'DELETE', headers: staffHeaders() })).status, 204);
      await problem(await req(`/v1/chat/console/queue?organisation=${ORG}`, { headers: ownHeaders }), 401, 'unauthorized');
      await problem(await req(`/v1/chat/console/events?streamToken=${signed.streamToken}`), 401, 'unauthorized');
      await problem(
        await req(`/v1/chat/console/officials/${official.id}`, { method: 'DELETE', headers: staffHeaders() }),
        404,
        'not_found',
      );
      const wrong = { authorization: `Bearer lko_${'A'.repeat(43)}` };
      await problem(await req(`/v1/chat/console/queue?organisation=${ORG}`, { headers: wrong }), 401, 'unauthorized');
      const revokedList = await json<{ officials: { id: string; keyRevokedAt?: string }[] }>(
        await req(`/v1/chat/console/officials?organisation=${ORG}`, { headers: staffHeaders() }),
      );
      assert.ok(revokedList.officials.find((o) => o.id === official.id)?.keyRevokedAt);
    });

    it("officials' own keys: failed sign-ins are rate-limited per client, in one bucket with the staff keys (429, Retry-After)", async () => {
      const { key: own } = await json<{ key: string }>(
        await postJson('/v1/chat/console/officials', { organisation: ORG, name: 'Riikka', languages: ['fi'] }, staffHeaders()),
      );
      const guarded = await buildApp(target, { authFailuresPerMinute: 3, trustProxyHops: 1 }, { db: t.db });
      try {
        const queue = (ip: string, bearer: string) =>
          guarded.app.request(`/v1/chat/console/queue?organisation=${ORG}`, {
            headers: { authorization: `Bearer ${bearer}`, 'x-forwarded-for': ip },
          });
        const guess = (i: number) => `lko_${String(i).repeat(43).slice(0, 43)}`;
        await problem(await queue('10.7.7.7', guess(1)), 401, 'unauthorized');
        await problem(await queue('10.7.7.7', guess(2)), 401, 'unauthorized');
        // A wrong staff key takes from the same bucket: the third failure.
        await problem(await queue('10.7.7.7', 'not-a-staff-key'), 401, 'unauthorized');
        const blocked = await queue('10.7.7.7', guess(3));
        assert.ok(Number(blocked.headers.get('retry-after')) >= 1, 'Retry-After');
        await problem(blocked, 429, 'rate_limited');
        // While blocked, the right own key (or the staff key) gets no answer either.
        const right = await queue('10.7.7.7', own);
        assert.ok(Number(right.headers.get('retry-after')) >= 1);
        await problem(right, 429, 'rate_limited');
        await problem(await queue('10.7.7.7', key), 429, 'rate_limited');
        await problem(
          await guarded.app.request('/v1/chat/console/sessions', {
            method: 'POST',
            headers: { authorization: `Bearer ${own}`, 'x-forwarded-for': '10.7.7.7', 'content-type': 'application/json' },
            body: JSON.stringify({ organisation: ORG }),
          }),
          429,
          'rate_limited',
        );
        // Another client is not blocked, and successes cost nothing.
        for (let i = 0; i < 5; i++) assert.equal((await queue('10.6.6.6', own)).status, 200);
      } finally {
        await guarded.stop();
      }
    });

    it('retention: conversations idle longer than the period are deleted', async () => {
      const a = await start();
      await t.db.query(`UPDATE chat_conversations SET last_activity = now() - interval '91 days' WHERE id = $1`, [a.conversation.id]);
      const { Conversations } = await import('../../src/server/chat/conversations.js');
      assert.ok((await new Conversations(t.db).purge(90)) >= 1);
      await problem(await req(`/v1/chat/conversations/${a.conversation.id}?token=${a.token}`), 404, 'not_found');
    });
  });
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}

describe('PDF metadata inside compressed object streams (PDF 1.5+)', () => {
  /** A PDF whose /Info dictionary is object 5 inside object stream 4, named by an xref stream's dictionary. */
  const objectStreamPdf = (filter = '/FlateDecode'): { pdf: Buffer; offsets: number[] } => {
    const objects = [
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Author (Salainen Sanna) /Creator (Word) /CreationDate (D:20260310) >>',
    ];
    const header = `2 0 5 ${objects[0]!.length + 1} `;
    const inner = Buffer.from(`${header}${objects[0]}\n${objects[1]}\n`, 'latin1');
    const data = filter === '/FlateDecode' ? deflateSync(inner) : inner;
    let text = '%PDF-1.7\n';
    const offsets: number[] = [];
    const add = (s: string) => {
      offsets.push(text.length);
      text += s;
    };
    add('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
    add('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n');
    add(
      `4 0 obj\n<< /Type /ObjStm /N 2 /First ${header.length} /Filter ${filter} /Length ${data.length} >>\nstream\n${data.toString('latin1')}\nendstream\nendobj\n`,
    );
    add('6 0 obj\n<< /Type /XRef /Size 7 /Root 1 0 R /Info 5 0 R /W [1 2 1] /Length 0 >>\nstream\n\nendstream\nendobj\n');
    text += `startxref\n${offsets[3]}\n%%EOF\n`;
    return { pdf: Buffer.from(text, 'latin1'), offsets };
  };
  const innerOf = (pdf: Buffer): string => {
    const text = pdf.toString('latin1');
    const length = Number(/\/ObjStm[^>]*\/Length (\d+)/.exec(text)![1]);
    const start = text.indexOf('stream\n', text.indexOf('/ObjStm')) + 'stream\n'.length;
    return inflateSync(pdf.subarray(start, start + length), { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1');
  };

  it('blanks the compressed /Info in place: same length, every object at its offset, the other compressed object kept', () => {
    const { pdf, offsets } = objectStreamPdf();
    assert.match(innerOf(pdf), /Salainen Sanna/);
    const clean = stripPdf(pdf)!;
    assert.equal(clean.length, pdf.length, 'no byte moves');
    const inner = innerOf(clean);
    for (const secret of ['Salainen', 'Word', 'D:20260310']) assert.ok(!inner.includes(secret), secret);
    assert.match(inner, /<< \/Type \/Pages \/Kids \[3 0 R\] \/Count 1 >>/);
    assert.match(inner, /<<>>/);
    const text = clean.toString('latin1');
    for (const [i, o] of offsets.entries()) assert.match(text.slice(o, o + 8), /^\d+ 0 obj/, `object ${i} still at its offset`);
    assert.match(text, /\/Info 5 0 R/, 'the reference stays: it names an empty dictionary');
  });

  it('an object stream it cannot rewrite (another filter): the reference to /Info is blanked instead', () => {
    const { pdf } = objectStreamPdf('/ASCIIHexDecode');
    const clean = stripPdf(pdf)!;
    assert.equal(clean.length, pdf.length);
    assert.doesNotMatch(clean.toString('latin1'), /\/Info\s+5\s+0\s+R/);
  });
});
