// The extension in a real VS Code: code-server (VS Code 1.139 in the browser) with the extension installed
// from its .vsix, driven by headless Debian Chromium through playwright-core.
//
// Scenario "route" (default): opens .github/prompts/feature.prompt.md, waits for each step's exact inlay hint
// text in the editor DOM, the code lens above the prompt and the status-bar item, saves a screenshot (and one
// of the hover), then runs "Record outcome: success", "Explain route", "Show stats" and "Select host" (Cursor)
// from the command palette and checks the telemetry record, the reports, the status bar, hints and code lens
// after the host changed, and that clicking the code lens shows the route.
// The server is started through test/capture-initialize.mjs, which saves the initialize params VS Code sent.
// The other scenarios start a server that cannot serve; the notification with the fix and the status-bar
// text must show: "missing" (routesmith.server.command names no program), "broken" (the server exits at
// once, its last stderr line must be the reason given), "old" (a server whose serverInfo is too old).
//
//   CODE_SERVER=... NODE24_BIN=... CHROMIUM=... VSIX=... RUN_DIR=... ROUTESMITH_PYTHON=... \
//     node test/browser.mjs [route|missing|broken|old]
// Writes RUN_DIR/screenshot.png, RUN_DIR/initialize.json, RUN_DIR/code-server.log.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const scenario = process.argv[2] ?? 'route';

function required(name) {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new Error(`${name} is not set (see the header of ${fileURLToPath(import.meta.url)})`);
  return value;
}
const codeServer = required('CODE_SERVER');
const node24 = required('NODE24_BIN');
const chromiumPath = required('CHROMIUM');
const vsix = required('VSIX');
const run = required('RUN_DIR');
const python = required('ROUTESMITH_PYTHON');

const STATUS = 'RouteSmith: Claude Code ⇄';
// The code lens' short task names (routesmith.model.TASK_SHORT).
const SHORT_TASK = {
  planning: 'plan',
  analysis: 'analyse',
  coding: 'code',
  testing: 'test',
  refactor: 'refactor',
  documentation: 'docs',
  formatting: 'format',
  review: 'review',
};
const PROMPT = '# 🚀 Feature\n\nPlan this feature, implement it, add tests, and write docs.\n';

rmSync(run, { recursive: true, force: true });
const ws = join(run, 'ws');
const data = join(run, 'data');
const extensions = join(run, 'ext');
const telemetry = join(run, 'telemetry', 'outcomes.rslog');
mkdirSync(join(ws, '.github', 'prompts'), { recursive: true });
mkdirSync(join(data, 'User'), { recursive: true });
writeFileSync(join(ws, '.github', 'prompts', 'feature.prompt.md'), PROMPT);

// Server command, then (for the failure scenarios) the notification and the status-bar text expected.
const SCENARIOS = {
  route: {
    command: [
      process.execPath,
      join(here, 'capture-initialize.mjs'),
      join(run, 'initialize.json'),
      python,
      '-m',
      'routesmith',
      'lsp',
    ],
  },
  missing: {
    command: [join(run, 'no-such-dir', 'routesmith'), 'lsp'],
    notification:
      /^RouteSmith: the language server was not found\. routesmith\.server\.command names ".*no-such-dir\/routesmith", which does not exist\. Install it with `pip install -U routesmith-lsp`, or set routesmith\.server\.command\./,
    status: 'RouteSmith: no server',
  },
  broken: {
    command: [
      python,
      '-c',
      'import sys; print("Traceback (most recent call last):", file=sys.stderr); print("ImportError: cannot import name decompose", file=sys.stderr); sys.exit(1)',
    ],
    notification:
      /^RouteSmith: the language server \(`.*`, from routesmith\.server\.command\) did not start: ImportError: cannot import name decompose\. Install or upgrade it with `pip install -U routesmith-lsp`/,
    status: 'RouteSmith: server failed',
  },
  old: {
    // A real LSP server (pygls) that says it is RouteSmith 0.0.1.
    command: [
      python,
      '-c',
      'from pygls.lsp.server import LanguageServer; LanguageServer("routesmith", "0.0.1").start_io()',
    ],
    notification:
      /^The RouteSmith language server is 0\.0\.1; this extension needs 0\.1\.0 or newer\. Upgrade it with `pip install -U routesmith-lsp`/,
    status: 'RouteSmith: old server',
  },
};
if (!(scenario in SCENARIOS))
  throw new Error(`unknown scenario ${scenario}: one of ${Object.keys(SCENARIOS).join(', ')}`);
const { command: serverCommand, notification, status: failedStatus } = SCENARIOS[scenario];
writeFileSync(
  join(data, 'User', 'settings.json'),
  JSON.stringify(
    {
      'editor.inlayHints.enabled': 'on',
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'chat.disableAIFeatures': true,
      'window.zoomLevel': 0,
      'routesmith.host': 'claude_code',
    },
    null,
    2,
  ),
);
// A machine-scoped setting (a path on the machine the extension host runs on): in code-server, as in any
// remote window, it is read from the remote machine's settings, not the browser user's.
mkdirSync(join(data, 'Machine'), { recursive: true });
writeFileSync(
  join(data, 'Machine', 'settings.json'),
  JSON.stringify({ 'routesmith.server.command': serverCommand }, null, 2),
);

// Everything code-server and the language server write stays in the run folder; no host markers leak in.
const env = {
  PATH: `${node24}:${process.env.PATH}`,
  HOME: join(run, 'home'),
  XDG_CONFIG_HOME: join(run, 'xdg-config'),
  XDG_DATA_HOME: join(run, 'xdg-data'),
  XDG_CACHE_HOME: join(run, 'xdg-cache'),
  ROUTESMITH_TELEMETRY_PATH: telemetry,
  LANG: 'C.UTF-8',
};
const dirs = ['--extensions-dir', extensions, '--user-data-dir', data];
writeFileSync(join(run, 'config.yaml'), 'auth: none\n');
execFileSync(codeServer, ['--config', join(run, 'config.yaml'), ...dirs, '--install-extension', vsix], {
  env,
  stdio: 'inherit',
});

const port = await new Promise((resolve, reject) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
  probe.on('error', reject);
});
const logFd = openSync(join(run, 'code-server.log'), 'w');
// Its own process group (detached), so one kill stops code-server, its file watcher and extension hosts.
const server = spawn(
  codeServer,
  [
    '--config',
    join(run, 'config.yaml'),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--reconnection-grace-time',
    '5',
    ...dirs,
    ws,
  ],
  { env, detached: true, stdio: ['ignore', logFd, logFd] },
);
const base = `http://127.0.0.1:${port}`;
let browser;

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits until an element under `selector` has exactly `text` (the editor's non-breaking spaces as spaces).
 * `leaf`: only elements without children, as inlay hints are; exact and case-sensitive either way, since a
 * substring match also finds the document's own text. */
function textIs(page, selector, text, timeout, leaf = true) {
  return page.waitForFunction(
    ([sel, want, leafOnly]) =>
      [...document.querySelectorAll(sel)].some(
        (el) =>
          (!leafOnly || el.children.length === 0) && (el.textContent ?? '').replace(/\u00a0/g, ' ').trim() === want,
      ),
    [selector, text, leaf],
    { timeout, polling: 250 },
  );
}

/** Waits until an element under `selector` reads `text`, alone or followed by ` · ` and more (the code lens
 * ends in the route's estimated cost, which the server's tests check). */
function startsWith(page, selector, text, timeout) {
  return page.waitForFunction(
    ([sel, want]) =>
      [...document.querySelectorAll(sel)].some((el) => {
        const shown = (el.textContent ?? '').replace(/\u00a0/g, ' ').trim();
        return shown === want || shown.startsWith(`${want} · `);
      }),
    [selector, text],
    { timeout, polling: 250 },
  );
}

/** Waits until an editor shows the route report of the prompt file. */
function routeReportShown(page) {
  return page.waitForFunction(
    () =>
      [...document.querySelectorAll('.monaco-editor .view-lines .view-line')].some((el) =>
        (el.textContent ?? '').replace(/\u00a0/g, ' ').startsWith('# Route for feature.prompt.md'),
      ),
    undefined,
    { timeout: 20000, polling: 250 },
  );
}

async function palette(page, title) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
}

try {
  await waitFor(
    'code-server /healthz',
    async () => {
      if (server.exitCode !== null)
        throw new Error(`code-server exited with ${server.exitCode}; see ${join(run, 'code-server.log')}`);
      return fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    60000,
  );

  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${base}/?folder=${encodeURIComponent(ws)}`);
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill('feature.prompt.md');
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines .view-line').first().waitFor({ timeout: 15000 });

  if (notification !== undefined) {
    await page.waitForFunction(
      ([source, flags]) => {
        const pattern = new RegExp(source, flags);
        return [...document.querySelectorAll('.notifications-toasts .notification-list-item-message')].some((el) =>
          pattern.test((el.textContent ?? '').replace(/\u00a0/g, ' ')),
        );
      },
      [notification.source, notification.flags],
      { timeout: 30000, polling: 250 },
    );
    await textIs(page, '.statusbar-item', failedStatus, 15000, false);
    // One notification: the client library's generic ones are only logged while the server starts.
    const toasts = await page.locator('.notifications-toasts .notification-list-item').count();
    assert.equal(toasts, 1, `one notification, got ${toasts}`);
    await page.screenshot({ path: join(run, 'screenshot.png') });
    console.log(`browser: "${scenario}": the notification with the fix and "${failedStatus}" in the status bar showed`);
  } else {
    // Each step's hint, whole (VS Code clips hints past editor.inlayHints.maximumLength per line unless the
    // extension's default for prompt files, 0, applies), as `routesmith explain` routes the file.
    const explained = JSON.parse(
      execFileSync(
        python,
        [
          '-m',
          'routesmith',
          'explain',
          '--json',
          '--host',
          'claude_code',
          '--file',
          join(ws, '.github', 'prompts', 'feature.prompt.md'),
        ],
        { env, encoding: 'utf8' },
      ),
    );
    const labels = explained.steps.map((step) => `${step.task} · ${step.capability} · ${step.model}`);
    assert.match(labels[0], /^planning · deep_reasoning · [\w.-]+$/);
    assert.equal(labels.length, 4);
    for (const label of labels) await textIs(page, '.monaco-editor .view-lines .view-line span', label, 60000);
    await textIs(page, '.statusbar-item', STATUS, 15000, false);
    // The code lens above the prompt: the route in one line, as `routesmith explain` routes it.
    const tasks = explained.steps.map((step) => SHORT_TASK[step.task]).join(' → ');
    const models = [...new Set(explained.steps.map((step) => step.model))].join(', ');
    await startsWith(page, '.codelens-decoration', `${explained.steps.length} steps · ${tasks} · ${models}`, 30000);
    await page.screenshot({ path: join(run, 'screenshot.png') });
    // The hover on "Plan" (the third line's first word) says why the step goes where it goes.
    const planLine = page.locator('.monaco-editor .view-lines .view-line').nth(2);
    await planLine.hover({ position: { x: 12, y: 8 } });
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.monaco-hover')].some((el) =>
          (el.textContent ?? '').includes('RouteSmith step 1'),
        ),
      undefined,
      { timeout: 20000, polling: 250 },
    );
    await page.screenshot({ path: join(run, 'hover.png') });
    await page.mouse.move(0, 0);
    const capture = JSON.parse(readFileSync(join(run, 'initialize.json'), 'utf8'));
    assert.ok(capture.capabilities.textDocument.inlayHint, 'VS Code announced inlay hint support');

    // Put the cursor inside "implement it" (line 3), then record from the palette.
    await page
      .locator('.monaco-editor .view-lines .view-line')
      .nth(2)
      .click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Home');
    for (let i = 0; i < 22; i++) await page.keyboard.press('ArrowRight');
    await palette(page, 'RouteSmith: Record outcome: success');
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.notifications-toasts .notification-list-item-message')].some((el) =>
          /RouteSmith: recorded success for step 2 \(coding → /.test(el.textContent ?? ''),
        ),
      undefined,
      { timeout: 20000, polling: 250 },
    );
    const history = JSON.parse(
      execFileSync(python, ['-m', 'routesmith', 'history', '--format', 'json'], { env, encoding: 'utf8' }),
    );
    const records = Array.isArray(history) ? history : history.records;
    assert.equal(records.length, 1, JSON.stringify(history));
    assert.equal(records[0].task, 'coding');
    assert.equal(records[0].source, 'lsp');

    // Select host → Cursor: the status bar and the hints follow (Cursor cannot switch models). Before the
    // reports open beside the file, which would narrow it and wrap the hints.
    await palette(page, 'RouteSmith: Select host');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Detect automatically' })
      .waitFor({ timeout: 15000 });
    await page.locator('.quick-input-widget input').fill('Cursor');
    await page.keyboard.press('Enter');
    await textIs(page, '.statusbar-item', 'RouteSmith: Cursor (no switch)', 20000, false);
    await textIs(
      page,
      '.monaco-editor .view-lines .view-line span',
      'coding · coding · no switch: small focused change',
      20000,
    );
    // The code lens followed the host change too.
    const cursorLens = `${explained.steps.length} steps · ${tasks} · no switch on Cursor`;
    await startsWith(page, '.codelens-decoration', cursorLens, 20000);
    await palette(page, 'RouteSmith: Explain route');
    await routeReportShown(page);
    await palette(page, 'RouteSmith: Show stats');
    // Markdown wraps long lines over several .view-line elements: read each editor's text whole.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.monaco-editor .view-lines')].some((lines) =>
          /\n?\| claude_code \| coding \| \S+ \| 1 \| 100\.0% \| /.test(
            [...lines.querySelectorAll('.view-line')]
              .map((el) => el.textContent ?? '')
              .join('')
              .replace(/\u00a0/g, ' '),
          ),
        ),
      undefined,
      { timeout: 20000, polling: 250 },
    );

    // Clicking the lens shows the route (the stats report took its place).
    await page.locator('.codelens-decoration a', { hasText: 'no switch on Cursor' }).first().click();
    await routeReportShown(page);

    console.log(
      `browser: hints ${JSON.stringify(labels)}, status "${STATUS}", code lens "${cursorLens}" after the host change; record, explain, stats and select host from the palette, explain from the lens`,
    );
  }
} catch (error) {
  // What the page showed when it failed, for the test's message.
  const page = browser?.contexts()[0]?.pages()[0];
  await page?.screenshot({ path: join(run, 'failure.png') }).catch(() => undefined);
  throw error;
} finally {
  await browser?.close();
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
