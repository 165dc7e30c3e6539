// Markdown for the results of `routesmith.explainRoute` and `routesmith.showStats`, shown in a read-only
// document. The shapes are the server's (explain --json steps, `routesmith stats --format json` rows);
// anything else is shown as JSON rather than dropped.

export interface ExplainStep {
  id: number;
  task: string;
  capability: string;
  model: string | null;
  strategy: string | null;
  depends_on: number[];
  text: string;
  reasons: string[];
}

export interface ExplainResult {
  host: string;
  canSwitch: boolean;
  notes: string[];
  steps: ExplainStep[];
  excluded: unknown[];
}

export interface StatsRow {
  host: string;
  capability: string;
  model: string;
  n: number;
  successes: number;
  success_rate: number;
  ci95: [number, number];
  p50_ms: number | null;
  p90_ms: number | null;
}

/** Text safe inside a Markdown table cell (one line, no column breaks). */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function excludedText(entry: unknown): string {
  if (typeof entry === 'object' && entry !== null && typeof (entry as { text?: unknown }).text === 'string') {
    return `"${cell((entry as { text: string }).text)}"`;
  }
  return `\`${JSON.stringify(entry)}\``;
}

export function explainMarkdown(result: ExplainResult, file: string): string {
  const lines = [
    `# Route for ${file}`,
    '',
    `Host: **${result.host}** (${result.canSwitch ? 'switches models' : 'cannot switch models'})`,
    '',
  ];
  for (const note of result.notes) lines.push(`- ${note}`);
  if (result.notes.length > 0) lines.push('');
  if (result.steps.length === 0) {
    lines.push('No steps: nothing in this file reads as a task.');
  } else {
    lines.push(
      ...table(
        ['#', 'task', 'capability', 'model / strategy', 'depends on', 'text'],
        result.steps.map((s) => [
          String(s.id),
          s.task,
          s.capability,
          cell(s.model ?? `strategy: ${s.strategy ?? '-'}`),
          s.depends_on.join(', ') || '-',
          `"${cell(s.text)}"`,
        ]),
      ),
    );
    for (const s of result.steps) {
      lines.push('', `## ${s.id}. ${s.task}`, '', ...s.reasons.map((reason) => `- ${reason}`));
    }
  }
  if (result.excluded.length > 0) {
    lines.push('', '## Excluded', '', ...result.excluded.map((entry) => `- ${excludedText(entry)}`));
  }
  return `${lines.join('\n')}\n`;
}

function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

export function statsMarkdown(groups: StatsRow[]): string {
  const lines = ['# RouteSmith outcome stats', ''];
  if (groups.length === 0) {
    lines.push('No outcomes recorded yet. Record one with "RouteSmith: Record outcome: success" on a step.');
  } else {
    lines.push(
      ...table(
        ['host', 'capability', 'model', 'n', 'success', '95% interval', 'p50 ms', 'p90 ms'],
        groups.map((g) => [
          g.host,
          g.capability,
          cell(g.model),
          String(g.n),
          percent(g.success_rate),
          `${percent(g.ci95[0])}–${percent(g.ci95[1])}`,
          g.p50_ms === null ? '-' : String(g.p50_ms),
          g.p90_ms === null ? '-' : String(g.p90_ms),
        ]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
