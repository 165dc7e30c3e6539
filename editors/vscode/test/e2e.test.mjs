// End to end: the real RouteSmith language server, driven over stdio with vscode-languageserver-protocol
// (the library vscode-languageclient is built on) and the client capabilities VS Code 1.139 sends
// (test/fixtures/vscode-initialize.json, captured from VS Code by the browser test). Checks hints against
// `routesmith explain --json` for the same file, hover, the code lens and the outline, routesmith.recordOutcome
// (read back through `routesmith history`), setHost and a settings change, both answered with
// workspace/inlayHint/refresh.
//
//   ROUTESMITH_PYTHON=/path/to/python node --test test/e2e.test.mjs
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import {
  CodeLensRefreshRequest,
  CodeLensRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InlayHintRefreshRequest,
  InlayHintRequest,
  InlayHintResolveRequest,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

const here = dirname(fileURLToPath(import.meta.url));
const python = process.env.ROUTESMITH_PYTHON ?? 'python3';
const vscode = JSON.parse(readFileSync(join(here, 'fixtures', 'vscode-initialize.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8'));

// The extension's defaults for every server key, nested as VS Code answers workspace/configuration.
function defaultSettings() {
  const settings = {};
  for (const [key, spec] of Object.entries(pkg.contributes.configuration.properties)) {
    const path = key.split('.').slice(1);
    let node = settings;
    for (const part of path.slice(0, -1)) node = node[part] ??= {};
    node[path.at(-1)] = spec.default;
  }
  return settings;
}

const root = mkdtempSync(join(tmpdir(), 'routesmith-e2e-'));
const workspace = join(root, 'ws');
const telemetryPath = join(root, 'telemetry', 'outcomes.rslog');
// A clean environment: no agent host markers from whoever runs the test, and nothing read from or written
// to the real home directory.
const env = {
  PATH: process.env.PATH,
  HOME: join(root, 'home'),
  XDG_CONFIG_HOME: join(root, 'config'),
  XDG_DATA_HOME: join(root, 'data'),
  XDG_CACHE_HOME: join(root, 'cache'),
  ROUTESMITH_TELEMETRY_PATH: telemetryPath,
  LANG: 'C.UTF-8',
};
// A non-BMP character before the prompt: its offsets differ in code points (the server's core) and UTF-16
// (VS Code's positions), so a wrong conversion moves every hint.
const promptFile = join(workspace, '.github', 'prompts', 'feature.prompt.md');
const promptText = '# 🚀 Feature\n\nPlan this feature, implement it, add tests, and write docs.\n';
const uri = pathToFileURL(promptFile).href;

/** Messages of one kind from the server, and a way to wait for the next one. */
class Inbox {
  items = [];
  waiting = [];
  add(item) {
    this.items.push(item);
    for (const resolve of this.waiting.splice(0)) resolve(item);
  }
  next() {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

let server;
let connection;
let settings = defaultSettings();
settings.host = 'claude_code';
const refreshes = new Inbox();
const lensRefreshes = new Inbox();
const statuses = new Inbox();
const registrations = [];

/** The LSP position (UTF-16 code units) of a code-point offset into `text`. */
function position(text, offset) {
  const before = [...text].slice(0, offset).join('');
  const lines = before.split('\n');
  return { line: lines.length - 1, character: lines.at(-1).length };
}

function cli(...args) {
  return execFileSync(python, ['-m', 'routesmith', ...args], { env, encoding: 'utf8' });
}

function hints() {
  return connection.sendRequest(InlayHintRequest.type, {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: position(promptText, [...promptText].length) },
  });
}

before(async () => {
  for (const dir of [env.HOME, env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME, dirname(promptFile)]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(promptFile, promptText);
  // `--stdio` as vscode-languageclient appends it.
  server = spawn(python, ['-m', 'routesmith', 'lsp', '--stdio'], {
    cwd: workspace,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  server.stderr.on('data', (chunk) => process.stderr.write(chunk));
  connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => settings));
  connection.onRequest(RegistrationRequest.type, (params) => {
    registrations.push(...params.registrations);
    return null;
  });
  connection.onRequest(InlayHintRefreshRequest.type, () => {
    refreshes.add(Date.now());
    return null;
  });
  connection.onRequest(CodeLensRefreshRequest.type, () => {
    lensRefreshes.add(Date.now());
    return null;
  });
  connection.onNotification('routesmith/status', (status) => statuses.add(status));
  connection.listen();
});

after(async () => {
  if (connection !== undefined && server.exitCode === null) {
    await connection.sendRequest(ShutdownRequest.type);
    const exited = new Promise((resolve) => server.once('exit', resolve));
    await connection.sendNotification(ExitNotification.type);
    assert.equal(await exited, 0, 'the server exits with 0 after shutdown and exit');
  }
  connection?.dispose();
  rmSync(root, { recursive: true, force: true });
});

test("initialize with VS Code's capabilities: serverInfo, UTF-16, inlay hints, hover, the commands", async () => {
  const result = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    clientInfo: vscode.clientInfo,
    capabilities: vscode.capabilities,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }],
    initializationOptions: settings,
  });
  const version = cli('--version').trim().split(' ').at(-1);
  assert.deepEqual(result.serverInfo, { name: 'routesmith', version });
  assert.ok(result.capabilities.positionEncoding === undefined || result.capabilities.positionEncoding === 'utf-16');
  assert.ok(result.capabilities.inlayHintProvider, 'inlay hints offered');
  assert.ok(result.capabilities.hoverProvider, 'hover offered');
  assert.deepEqual([...result.capabilities.executeCommandProvider.commands].sort(), [
    'routesmith.explainRoute',
    'routesmith.recordOutcome',
    'routesmith.setHost',
    'routesmith.showStats',
  ]);
  const status = statuses.next();
  await connection.sendNotification(InitializedNotification.type, {});
  const { host, display, canSwitch, source, switchModes } = await status;
  assert.deepEqual({ host, display, canSwitch }, { host: 'claude_code', display: 'Claude Code', canSwitch: true });
  assert.equal(typeof source, 'string');
  assert.ok(switchModes.length > 0 && switchModes.every((mode) => typeof mode === 'string'));
  assert.ok(
    registrations.some((r) => r.method === DidChangeConfigurationNotification.method),
    'the server registers for didChangeConfiguration, so VS Code pushes changes of the section',
  );
});

test('one hint per step at its end, labelled task · capability · model as `routesmith explain` routes it', async () => {
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'prompt', version: 1, text: promptText },
  });
  const expected = JSON.parse(cli('explain', '--json', '--host', 'claude_code', '--file', promptFile)).steps;
  assert.deepEqual(
    expected.map((s) => s.task),
    ['planning', 'coding', 'testing', 'documentation'],
  );
  const got = await hints();
  assert.deepEqual(
    got.map((h) => ({ label: h.label, position: h.position, paddingLeft: h.paddingLeft })),
    expected.map((s) => ({
      label: `${s.task} · ${s.capability} · ${s.model}`,
      position: position(promptText, s.span[1]),
      paddingLeft: true,
    })),
  );
  assert.match(got[0].label, /^planning · deep_reasoning · [\w.-]+$/);
  // "Plan this feature" ends at UTF-16 column 17 of line 2; the rocket is on line 0 and must not shift it.
  assert.deepEqual(got[0].position, { line: 2, character: 17 });
  // VS Code resolves tooltips lazily (resolveSupport: tooltip), so they come from inlayHint/resolve.
  const resolved = await connection.sendRequest(InlayHintResolveRequest.type, got[0]);
  assert.equal(resolved.tooltip.kind, 'markdown');
  assert.ok(resolved.tooltip.value.includes(expected[0].reasons[0]), resolved.tooltip.value);
});

test('hover on a step explains its route', async () => {
  const hover = await connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: { line: 2, character: 3 },
  });
  assert.equal(hover.contents.kind, 'markdown');
  const [step] = JSON.parse(cli('explain', '--json', '--host', 'claude_code', '--file', promptFile)).steps;
  for (const needle of ['planning', 'deep_reasoning', step.model, 'Claude Code', 'cue']) {
    assert.ok(hover.contents.value.includes(needle), `hover mentions ${needle}:\n${hover.contents.value}`);
  }
  assert.deepEqual(hover.range.start, { line: 2, character: 0 });
  assert.deepEqual(hover.range.end, { line: 2, character: 17 });
});

test('the code lens sums the route up and the outline lists each step as task · model', async () => {
  const { steps } = JSON.parse(cli('explain', '--json', '--host', 'claude_code', '--file', promptFile));
  const short = { planning: 'plan', coding: 'code', testing: 'test', documentation: 'docs' };
  const [lens] = await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  const models = [...new Set(steps.map((s) => s.model))].join(', ');
  // The route in one line, then its estimated cost (the server's own tests check the figures).
  const route = `4 steps · ${steps.map((s) => short[s.task]).join(' → ')} · ${models}`;
  assert.ok(lens.command.title === route || lens.command.title.startsWith(`${route} · ~`), lens.command.title);
  assert.equal(lens.command.command, 'routesmith.explainRoute');
  assert.deepEqual(lens.command.arguments, [{ uri }]);
  const [section] = await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  assert.equal(section.name, '🚀 Feature');
  assert.deepEqual(
    section.children.map((c) => [c.name, c.selectionRange]),
    steps.map((s) => [
      `${s.task} · ${s.model}`,
      { start: position(promptText, s.span[0]), end: position(promptText, s.span[1]) },
    ]),
  );
});

test('routesmith.recordOutcome at the cursor writes one record, read back by `routesmith history`', async () => {
  const cursor = { line: 2, character: 22 }; // inside "implement it"
  const result = await connection.sendRequest(ExecuteCommandRequest.type, {
    command: 'routesmith.recordOutcome',
    arguments: [{ uri, position: cursor, success: true }],
  });
  assert.equal(result.recorded, true);
  assert.equal(result.log, telemetryPath);
  assert.ok(statSync(telemetryPath).size > 0, 'the log file has the record');
  assert.deepEqual(
    { ...result.record, time: undefined },
    {
      ...result.record,
      time: undefined,
      host: 'claude_code',
      task: 'coding',
      capability: 'coding',
      success: true,
      source: 'lsp',
      step_id: 2,
    },
  );
  const history = JSON.parse(cli('history', '--format', 'json'));
  const records = Array.isArray(history) ? history : history.records;
  assert.equal(records.length, 1, JSON.stringify(history));
  assert.equal(records[0].model, result.record.model);
  assert.equal(records[0].task, 'coding');
  assert.equal(records[0].success, true);

  const stats = await connection.sendRequest(ExecuteCommandRequest.type, {
    command: 'routesmith.showStats',
    arguments: [{}],
  });
  assert.deepEqual(
    stats.groups.map((g) => [g.host, g.capability, g.model, g.n, g.successes]),
    [['claude_code', 'coding', result.record.model, 1, 1]],
  );
});

test('a bad argument is InvalidParams naming it, and the server keeps serving', async () => {
  await assert.rejects(
    connection.sendRequest(ExecuteCommandRequest.type, {
      command: 'routesmith.recordOutcome',
      arguments: [{ uri, position: { line: 0, character: 0 }, success: 'yes' }],
    }),
    (error) => error.code === -32602 && /success/.test(error.message),
  );
  assert.equal((await hints()).length, 4);
});

test('explainRoute returns the steps the hints show', async () => {
  const explained = await connection.sendRequest(ExecuteCommandRequest.type, {
    command: 'routesmith.explainRoute',
    arguments: [{ uri }],
  });
  assert.equal(explained.host, 'claude_code');
  assert.equal(explained.canSwitch, true);
  assert.deepEqual(
    explained.steps.map((s) => s.task),
    ['planning', 'coding', 'testing', 'documentation'],
  );
});

test('setHost to a host that cannot switch: status, a refresh, and "no switch" hints', async () => {
  const refreshed = refreshes.next();
  const lensRefreshed = lensRefreshes.next();
  const status = await connection.sendRequest(ExecuteCommandRequest.type, {
    command: 'routesmith.setHost',
    arguments: [{ host: 'cursor' }],
  });
  assert.equal(status.host, 'cursor');
  assert.equal(status.canSwitch, false);
  await refreshed;
  const labels = (await hints()).map((h) => h.label);
  assert.equal(labels.length, 4);
  for (const label of labels) assert.match(label, / · no switch: /);
  assert.equal(labels[1], 'coding · coding · no switch: small focused change');
  await lensRefreshed;
  const [lens] = await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  assert.match(lens.command.title, / · no switch on Cursor$/);
});

test('a settings change (didChangeConfiguration, then the pull) re-labels the hints', async () => {
  settings = { ...settings, hints: { ...settings.hints, showCapability: false } };
  const refreshed = refreshes.next();
  await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await refreshed;
  assert.equal((await hints())[1].label, 'coding · no switch: small focused change');
});
