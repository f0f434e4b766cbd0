// Component tests in Debian Chromium: `npx web-test-runner` (npm run test:browser).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

/**
 * `executeServerCommand('luukku-media', { features })`: emulates any media feature through
 * CDP, including `forced-colors`, which the stock emulateMedia command cannot set on Chromium.
 */
const cdpSessions = new WeakMap();
const emulateMediaFeatures = {
  name: 'luukku-media',
  async executeCommand({ command, payload, session }) {
    if (command !== 'luukku-media') return undefined;
    const page = session.browser.getPage(session.id);
    // The emulation lasts as long as its CDP session: keep one per page.
    let cdp = cdpSessions.get(page);
    if (!cdp) cdpSessions.set(page, (cdp = await page.createCDPSession()));
    await cdp.send('Emulation.setEmulatedMedia', { features: payload.features });
    return true;
  },
};

export default {
  files: 'test/browser/**/*.test.ts',
  // `npm run test:browser` adds --coverage: coverage of the browser code (src/core,
  // src/widgets, src/shared) must not slide; measured 2026-11-23 at 98 % lines,
  // 85 % branches, 95 % functions. Running one file (`npx web-test-runner FILE`) skips it.
  coverageConfig: {
    include: ['src/**/*.ts'],
    exclude: ['src/server/**', 'src/**/*.gen.ts', 'node_modules/**'],
    threshold: { statements: 95, lines: 95, branches: 82, functions: 92 },
  },
  nodeResolve: true,
  // One page at a time: the outbox's IndexedDB, Web Lock and BroadcastChannel are shared by
  // every page of the origin (that is the cross-tab design), so parallel test pages would
  // deliver each other's queued answers.
  concurrency: 1,
  // Lit dev mode stays on: its warnings fail the tests (test/browser/helpers/lit-warnings.ts).
  plugins: [
    // json: true serves locale files as JS modules, so src/core/i18n/locale-modules.ts's
    // dynamic import works here exactly as it does in the Vite build.
    esbuildPlugin({ ts: true, json: true, target: 'es2022', tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }),
    emulateMediaFeatures,
  ],
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html lang="fi">
      <head><meta charset="utf-8"><script src="/node_modules/axe-core/axe.min.js"></script></head>
      <body><script type="module" src="${testFramework}"></script></body>
    </html>`,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--headless=new',
          '--enable-unsafe-swiftshader',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
};
