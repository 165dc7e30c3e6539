import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, test } from 'node:test';

import { discoverServer, findOnPath } from '../../src/discovery';

const root = mkdtempSync(join(tmpdir(), 'routesmith-discovery-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A shell script `dir/name` exiting with `code`; mode 0o644 makes it a non-executable file. */
function script(dir: string, name: string, code = 0, mode = 0o755): string {
  mkdirSync(join(root, dir), { recursive: true });
  const path = join(root, dir, name);
  writeFileSync(path, `#!/bin/sh\nexit ${code}\n`);
  chmodSync(path, mode);
  return path;
}

const noPython = () => Promise.resolve(undefined);
const inputs = (
  path: string[],
  pythonInterpreter: () => Promise<string | undefined> = noPython,
  configured: string[] = [],
) => ({
  configured,
  env: { PATH: path.map((dir) => join(root, dir)).join(delimiter) },
  platform: 'linux' as const,
  pythonInterpreter,
});

test('the configured command wins and keeps its arguments', async () => {
  const custom = script('custom', 'my-server');
  script('onpath', 'routesmith');
  const result = await discoverServer(inputs(['onpath'], noPython, [custom, '--flag', 'lsp']));
  assert.deepEqual(result, {
    kind: 'found',
    server: { command: custom, args: ['--flag', 'lsp'], origin: 'routesmith.server.command' },
  });
});

test('a configured command that does not exist is reported by name, not replaced by PATH', async () => {
  script('onpath', 'routesmith');
  const result = await discoverServer(inputs(['onpath'], noPython, [join(root, 'nowhere', 'routesmith')]));
  assert.equal(result.kind, 'missing');
  assert.match(
    (result as { reason: string }).reason,
    /routesmith\.server\.command names ".*nowhere\/routesmith", which does not exist/,
  );
});

test('a configured bare name is looked up on PATH', async () => {
  script('tools', 'rs-wrapper');
  const result = await discoverServer(inputs(['tools'], noPython, ['rs-wrapper', 'lsp']));
  assert.equal(result.kind, 'found');
});

test('routesmith on PATH: the first executable one, started with `lsp`; the interpreter is not asked', async () => {
  script('first', 'routesmith', 0, 0o644);
  const second = script('second', 'routesmith');
  let asked = false;
  const result = await discoverServer(
    inputs(['empty', 'first', 'second'], () => ((asked = true), Promise.resolve('/usr/bin/python3'))),
  );
  assert.deepEqual(result, { kind: 'found', server: { command: second, args: ['lsp'], origin: 'PATH' } });
  assert.equal(asked, false);
  assert.equal(findOnPath('routesmith', { PATH: join(root, 'first') }, 'linux'), undefined);
});

test('else the Python interpreter with -m routesmith, if it can import routesmith', async () => {
  const python = script('py-ok', 'python');
  const result = await discoverServer(inputs(['empty'], () => Promise.resolve(python)));
  assert.deepEqual(result, {
    kind: 'found',
    server: { command: python, args: ['-m', 'routesmith', 'lsp'], origin: 'Python interpreter' },
  });
});

test('an interpreter without routesmith, or none at all, is missing with the reason', async () => {
  const python = script('py-bad', 'python', 1);
  const without = await discoverServer(inputs(['empty'], () => Promise.resolve(python)));
  assert.equal(without.kind, 'missing');
  assert.match((without as { reason: string }).reason, /interpreter \(.*py-bad\/python\) does not have it/);
  const none = await discoverServer(inputs(['empty']));
  assert.deepEqual(none, {
    kind: 'missing',
    reason: '`routesmith` is not on PATH and no Python interpreter is selected.',
  });
});
