import assert from 'node:assert/strict';
import { test } from 'node:test';

import { HOSTS, isHostStatus, statusText, statusTooltip } from '../../src/hosts';
import { explainMarkdown, statsMarkdown } from '../../src/report';

test("explain: a table of steps with model or strategy, then each step's reasons and the exclusions", () => {
  const markdown = explainMarkdown(
    {
      host: 'cursor',
      canSwitch: false,
      notes: ['cursor cannot switch models: each step gets a prompt strategy instead'],
      steps: [
        {
          id: 1,
          task: 'planning',
          capability: 'deep_reasoning',
          model: null,
          strategy: 'plan first',
          depends_on: [],
          text: 'Plan | this\nfeature',
          reasons: ['cue "plan"'],
        },
        {
          id: 2,
          task: 'coding',
          capability: 'coding',
          model: 'gpt-5',
          strategy: null,
          depends_on: [1],
          text: 'implement it',
          reasons: [],
        },
      ],
      excluded: [{ text: "don't write tests", span: [40, 57] }, 42],
    },
    'feature.prompt.md',
  );
  assert.match(
    markdown,
    /^# Route for feature\.prompt\.md\n\nHost: \*\*cursor\*\* \(cannot switch models\)\n\n- cursor cannot switch/,
  );
  assert.ok(
    markdown.includes('| 1 | planning | deep_reasoning | strategy: plan first | - | "Plan \\| this feature" |'),
  );
  assert.ok(markdown.includes('| 2 | coding | coding | gpt-5 | 1 | "implement it" |'));
  assert.ok(markdown.includes('## 1. planning\n\n- cue "plan"'));
  assert.ok(markdown.includes('## Excluded\n\n- "don\'t write tests"\n- `42`'));
});

test('explain with no steps says so', () => {
  assert.match(
    explainMarkdown({ host: 'generic', canSwitch: false, notes: [], steps: [], excluded: [] }, 'x.md'),
    /No steps/,
  );
});

test('stats: percentages and the interval, dashes for missing durations; an empty log says how to record', () => {
  const markdown = statsMarkdown([
    {
      host: 'claude_code',
      capability: 'coding',
      model: 'claude-sonnet-4-6',
      n: 4,
      successes: 3,
      success_rate: 0.75,
      ci95: [0.3, 0.95],
      p50_ms: 1200,
      p90_ms: null,
    },
  ]);
  assert.ok(markdown.includes('| claude_code | coding | claude-sonnet-4-6 | 4 | 75.0% | 30.0%–95.0% | 1200 | - |'));
  assert.match(statsMarkdown([]), /No outcomes recorded yet/);
});

test('status bar: host and whether it switches; tooltip names the source', () => {
  const claude = {
    host: 'claude_code',
    display: 'Claude Code',
    canSwitch: true,
    source: 'environment',
    switchModes: ['per invocation'],
  };
  assert.equal(statusText(claude), '$(git-compare) RouteSmith: Claude Code ⇄');
  assert.equal(
    statusText({ ...claude, display: 'Cursor', canSwitch: false }),
    '$(git-compare) RouteSmith: Cursor (no switch)',
  );
  assert.match(
    statusTooltip(claude),
    /\*\*Claude Code\*\* \(`claude_code`, from environment\)\n\nswitches models: per invocation/,
  );
  assert.ok(isHostStatus(claude));
  assert.equal(isHostStatus({ ...claude, canSwitch: 'yes' }), false);
  assert.equal(isHostStatus(null), false);
  assert.deepEqual(
    HOSTS.map((h) => h.id),
    ['claude_code', 'codex', 'gemini_cli', 'copilot', 'cursor', 'aider', 'generic'],
  );
});
