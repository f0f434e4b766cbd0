/**
 * `npm install luukku` as a bundler user does it: the library is packed into a tarball, installed
 * into a fresh Vite + TypeScript app in a temporary folder, imported (define module and element
 * class), type-checked strictly, built with Vite, served, and rendered in Chromium.
 *
 * By default the library is built first; `LUUKKU_PACKAGE_REUSE_BUILD=1` packs the dist/ that is
 * there (scripts/test-all.sh sets it right after its own build step).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

/** The server's packages: a browser-only install must not bring any of them. */
const SERVER_PACKAGES = ['@electric-sql/pglite', 'pg', 'hono', '@hono/node-server', 'ajv', 'ajv-formats', 'yaml', 'nodemailer'];

interface PackFile {
  path: string;
}

let work: string;
let tarball: string;
let packed: PackFile[];
let app: string;

async function sh(cmd: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}\n${e.message}`);
  }
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'luukku-package-'));
  if (process.env.LUUKKU_PACKAGE_REUSE_BUILD !== '1') await sh('npm', ['run', '--silent', 'build'], root);
  assert.ok(existsSync(join(root, 'dist/widgets/feedback/define.js')), 'dist/ is built');
  assert.ok(existsSync(join(root, 'custom-elements.json')), 'custom-elements.json is generated (npm run gen)');
  // --ignore-scripts: `prepare` (npm run gen) has already run; the tarball is what is on disk.
  const out = await sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root);
  const info = (JSON.parse(out) as { filename: string; files: PackFile[] }[])[0]!;
  tarball = join(work, info.filename);
  packed = info.files;

  app = join(work, 'app');
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      {
        name: 'authority-site',
        private: true,
        type: 'module',
        dependencies: { luukku: `file:${tarball}` },
      },
      null,
      2,
    ),
  );
  // Vite's own template settings, strict, and the libraries' .d.ts checked too (no skipLibCheck).
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: ['vite/client'],
        strict: true,
        noUnusedLocals: true,
        noUncheckedIndexedAccess: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        skipLibCheck: false,
        noEmit: true,
      },
      include: ['src'],
    }),
  );
  writeFileSync(
    join(app, 'index.html'),
    `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>Authority site</title></head>
<body><main id="main"></main><script type="module" src="/src/main.ts"></script></body>
</html>
`,
  );
  writeFileSync(
    join(app, 'src/main.ts'),
    `import 'luukku/feedback.js';
import 'luukku/permit-explorer.js';
import 'luukku/feedback-insights.js';
import 'luukku/project-timeline.js';
import 'luukku/venue-map.js';
import 'luukku/chat.js';
import 'luukku/chat-console.js';
import { LuukkuFeedback } from 'luukku/feedback-element.js';
import type { LuukkuPermitExplorer } from 'luukku/permit-explorer-element.js';
import type { LuukkuFeedbackInsights } from 'luukku/feedback-insights-element.js';
import type { LuukkuProjectTimeline } from 'luukku/project-timeline-element.js';
import type { LuukkuVenueMap } from 'luukku/venue-map-element.js';
import type { LuukkuChat } from 'luukku/chat-element.js';
import type { LuukkuChatConsole } from 'luukku/chat-console-element.js';

// Typed through HTMLElementTagNameMap: no cast.
const form: LuukkuFeedback = document.createElement('luukku-feedback');
const explorer: LuukkuPermitExplorer = document.createElement('luukku-permit-explorer');
const insights: LuukkuFeedbackInsights = document.createElement('luukku-feedback-insights');
const timeline: LuukkuProjectTimeline = document.createElement('luukku-project-timeline');
const venues: LuukkuVenueMap = document.createElement('luukku-venue-map');
const chat: LuukkuChat = document.createElement('luukku-chat');
const console_: LuukkuChatConsole = document.createElement('luukku-chat-console');
explorer.mode = 'events';
form.organisation = 'demo-pelastuslaitos';
form.service = 'fire-inspection';
insights.organisation = 'demo-pelastuslaitos';
for (const el of [timeline, venues, chat, console_]) el.setAttribute('organisation', 'demo-kaupunki');
for (const el of [form, explorer, insights, timeline, venues, chat, console_]) {
  el.setAttribute('api', 'http://127.0.0.1:9/');
  document.querySelector('#main')!.append(el);
}
const sameClass: boolean =
  customElements.get('luukku-feedback') === LuukkuFeedback && form instanceof LuukkuFeedback && explorer.localName === 'luukku-permit-explorer';
document.documentElement.dataset.luukkuSameClass = String(sameClass);
`,
  );
  await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);
  // The app's tools are the repository's own (same versions), linked rather than installed: faster,
  // and the app's node_modules then holds exactly what installing luukku brought.
  for (const tool of ['vite', 'typescript']) symlinkSync(join(root, 'node_modules', tool), join(app, 'node_modules', tool), 'dir');
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed library', () => {
  test('holds built modules, types, the manifest, the contract, README and LICENSE, and nothing else', () => {
    const paths = packed.map((f) => f.path);
    for (const must of [
      'package.json',
      'README.md',
      'LICENSE',
      'custom-elements.json',
      'src/contract/openapi.yaml',
      'dist/autoload.js',
      'dist/widgets/feedback/define.js',
      'dist/widgets/feedback/feedback-form.js',
      'dist/widgets/permit-explorer/define.js',
      'dist/widgets/permit-explorer/permit-explorer.js',
      'dist/types/widgets/feedback/define.d.ts',
      'dist/types/widgets/permit-explorer/define.d.ts',
    ]) {
      assert.ok(paths.includes(must), `${must} is in the tarball`);
    }
    const allowed = (p: string): boolean =>
      ['package.json', 'README.md', 'LICENSE', 'custom-elements.json', 'src/contract/openapi.yaml'].includes(p) ||
      (p.startsWith('dist/') && (p.endsWith('.js') || p.endsWith('.d.ts')));
    assert.deepEqual(
      paths.filter((p) => !allowed(p)),
      [],
      'nothing else: no tests, stories, server, demo pages or source maps',
    );
    assert.ok(!paths.some((p) => /^dist\/(demo|bench)|\.html$/.test(p)), 'no demo or bench pages');
    assert.ok(!paths.some((p) => /^dist\/types\/server\//.test(p)), 'no server types');
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    assert.match(license, /^EUROPEAN UNION PUBLIC LICENCE v\. 1\.2/);
  });

  test('custom-elements.json describes only the public API', () => {
    interface Declaration {
      name: string;
      customElement?: boolean;
      members?: { name: string; privacy?: string; static?: boolean }[];
      events?: { name: string; description?: string }[];
    }
    const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8')) as {
      modules: { declarations?: Declaration[] }[];
    };
    const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
    assert.ok(elements.some((d) => d.name === 'LuukkuFeedback') && elements.some((d) => d.name === 'LuukkuPermitExplorer'));
    for (const d of elements) {
      const hidden = (d.members ?? []).filter((m) => /^[_#]/.test(m.name) || (m.privacy ?? 'public') !== 'public' || m.static);
      assert.deepEqual(
        hidden.map((m) => m.name),
        [],
        `${d.name}: no private, protected, _ or # members`,
      );
      assert.ok(
        (d.members ?? []).some((m) => m.name === 'lang'),
        `${d.name}: public properties are there`,
      );
      assert.deepEqual(
        (d.events ?? []).filter((e) => !e.description).map((e) => e.name),
        [],
        `${d.name}: only documented events`,
      );
    }
  });

  test('every export of package.json points at a packed file', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports: Record<string, string | Record<string, string>>;
    };
    const paths = new Set(packed.map((f) => f.path));
    for (const [name, target] of Object.entries(pkg.exports)) {
      for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
        assert.ok(paths.has(file.replace(/^\.\//, '')), `export ${name} → ${file} is packed`);
      }
    }
  });

  test('a browser-only install does not pull the server packages', () => {
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/luukku/package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    assert.ok(!existsSync(join(app, 'node_modules/luukku/node_modules')), 'no nested copies');
    for (const name of SERVER_PACKAGES) {
      assert.equal(installed.dependencies?.[name], undefined, `${name} is not a dependency of the package`);
      assert.ok(!existsSync(join(app, 'node_modules', name)), `${name} is not in the app's node_modules`);
    }
    assert.ok(existsSync(join(app, 'node_modules/lit')), 'the browser dependencies are installed');
  });

  test('type-checks strictly, builds with Vite and renders all seven elements in Chromium', async () => {
    const t0 = performance.now();
    await sh(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], app);
    const t1 = performance.now();
    await sh(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], app);
    console.log(`# tsc ${Math.round(t1 - t0)} ms, vite build ${Math.round(performance.now() - t1)} ms`);
    const dist = join(app, 'dist');
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
    const server: Server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const file = resolve(dist, '.' + (path === '/' ? '/index.html' : path));
      if (!file.startsWith(dist + sep)) return void res.writeHead(400).end();
      readFile(file).then(
        (body) => res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(url);
      const heading = page.locator('luukku-feedback [part~="heading"]');
      await heading.waitFor({ timeout: 20_000 });
      const sv = JSON.parse(readFileSync(join(root, 'src/locales/sv/feedback.json'), 'utf8')) as { title: string };
      // Texts in the page's language: the locale chunk resolved through the app's own bundle.
      await page.waitForFunction(
        (title) => document.querySelector('luukku-feedback')?.shadowRoot?.querySelector('[part~="heading"]')?.textContent.trim() === title,
        sv.title,
        { timeout: 20_000 },
      );
      assert.equal(await page.evaluate(() => document.querySelector('luukku-feedback')?.shadowRoot !== null), true, 'shadow root present');
      // Every widget of the package renders from the app's own bundle, in the page's language.
      for (const [tag, ns, key] of [
        ['luukku-permit-explorer', 'permit-explorer', 'title.events'],
        ['luukku-feedback-insights', 'feedback-insights', 'title'],
        ['luukku-project-timeline', 'project-timeline', 'title'],
        ['luukku-venue-map', 'venue-map', 'title'],
        ['luukku-chat-console', 'chat-console', 'title'],
      ] as const) {
        const selector = '[part~="heading"]';
        const title = (JSON.parse(readFileSync(join(root, `src/locales/sv/${ns}.json`), 'utf8')) as Record<string, string>)[key];
        await page
          .waitForFunction(
            ([t, s, want]) => document.querySelector(t)?.shadowRoot?.querySelector(s)?.textContent.trim() === want,
            [tag, selector, title] as const,
            { timeout: 20_000 },
          )
          .catch(async (e: unknown) => {
            const seen = await page.evaluate(([t, s]) => document.querySelector(t)?.shadowRoot?.querySelector(s)?.textContent.trim(), [
              tag,
              selector,
            ] as const);
            throw new Error(`${tag}: heading "${seen}", expected "${title}" (${String(e)})`);
          });
      }
      await page.locator('luukku-chat [part~="launcher"]').waitFor({ timeout: 20_000 });
      assert.equal(
        await page.evaluate(() => document.documentElement.dataset.luukkuSameClass),
        'true',
        'the define module registered the exported class',
      );
      assert.deepEqual(pageErrors, []);
    } finally {
      await browser.close();
      await new Promise((r) => server.close(r));
    }
  });
});
