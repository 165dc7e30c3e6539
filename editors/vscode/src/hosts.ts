// What the server's `routesmith/status` notification and `routesmith.setHost` command carry, and the
// status bar text made from them.

export interface HostStatus {
  host: string;
  display: string;
  canSwitch: boolean;
  source: string;
  switchModes: string[];
}

/** The built-in host profiles (server/routesmith/hosts/data) a user can route for. */
export const HOSTS: readonly { id: string; display: string }[] = [
  { id: 'claude_code', display: 'Claude Code' },
  { id: 'codex', display: 'Codex CLI' },
  { id: 'gemini_cli', display: 'Gemini CLI' },
  { id: 'copilot', display: 'GitHub Copilot' },
  { id: 'cursor', display: 'Cursor' },
  { id: 'aider', display: 'Aider' },
  { id: 'generic', display: 'generic' },
];

export function isHostStatus(value: unknown): value is HostStatus {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.host === 'string' &&
    typeof v.display === 'string' &&
    typeof v.canSwitch === 'boolean' &&
    typeof v.source === 'string' &&
    Array.isArray(v.switchModes) &&
    v.switchModes.every((mode) => typeof mode === 'string')
  );
}

export function statusText(status: HostStatus): string {
  return `$(git-compare) RouteSmith: ${status.display} ${status.canSwitch ? '⇄' : '(no switch)'}`;
}

export function statusTooltip(status: HostStatus): string {
  const switching = status.canSwitch
    ? `switches models: ${status.switchModes.join(', ') || 'yes'}`
    : 'cannot switch models: each step gets a prompt strategy';
  return [
    `**RouteSmith** routes for **${status.display}** (\`${status.host}\`, from ${status.source})`,
    '',
    switching,
    '',
    'Click to select the host.',
  ].join('\n');
}
