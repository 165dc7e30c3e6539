import assert from 'node:assert/strict';
import { test } from 'node:test';

import { compareVersions, serverVersionProblem, type ServerInfo } from '../../src/version';

/** -1, 0 or 1; fails the test when either side is not a version. */
function order(a: string, b: string): number {
  const result = compareVersions(a, b);
  assert.notEqual(result, undefined, `${a} vs ${b}`);
  return Math.sign(result ?? 0);
}

function problem(info: ServerInfo | undefined): string {
  return serverVersionProblem(info, '0.1.0') ?? '(accepted)';
}

test('release numbers compare numerically, missing parts are zero', () => {
  assert.equal(order('0.10.0', '0.9.9'), 1);
  assert.equal(order('0.1', '0.1.1'), -1);
  assert.equal(compareVersions('1.0', '1.0.0'), 0);
  assert.equal(compareVersions('v2.1.0', '2.1.0'), 0);
});

test('pre-release and dev builds come before their release; local labels and post releases do not', () => {
  assert.equal(order('0.1.0rc1', '0.1.0'), -1);
  assert.equal(order('0.1.0.dev3', '0.1.0'), -1);
  assert.equal(compareVersions('0.1.0+g1234', '0.1.0'), 0);
  assert.equal(compareVersions('0.1.0.post1', '0.1.0'), 0);
  assert.equal(order('0.2.0.dev1', '0.1.0'), 1);
});

test('a non-version is undefined, not a guess', () => {
  assert.equal(compareVersions('unknown', '0.1.0'), undefined);
});

test('serverVersionProblem accepts the minimum and newer, names the versions otherwise', () => {
  assert.equal(serverVersionProblem({ name: 'routesmith', version: '0.1.0' }, '0.1.0'), undefined);
  assert.equal(serverVersionProblem({ name: 'routesmith', version: '1.2.3' }, '0.1.0'), undefined);
  assert.match(problem({ name: 'routesmith', version: '0.0.9' }), /is 0\.0\.9; .* needs 0\.1\.0 or newer/);
  assert.match(problem(undefined), /sent no serverInfo/);
  assert.match(problem({ name: 'routesmith' }), /sent no version/);
  assert.match(problem({ name: 'pylsp', version: '1.0' }), /"pylsp", not the RouteSmith/);
  assert.match(problem({ name: 'routesmith', version: 'dev' }), /not a version number/);
});
