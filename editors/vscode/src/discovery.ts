// Which command starts the language server: `routesmith.server.command` if set, else `routesmith` on PATH,
// else the Python extension's interpreter with `-m routesmith`. Kept free of the vscode module so it is
// tested with plain Node.
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export interface ServerCommand {
  command: string;
  args: string[];
  /** Where the command came from, for messages: "routesmith.server.command", "PATH", "Python interpreter". */
  origin: string;
}

export type Discovery = { kind: 'found'; server: ServerCommand } | { kind: 'missing'; reason: string };

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` on PATH (with PATHEXT on Windows), like a shell would run it. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter((dir) => dir !== '');
  const extensions = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = join(dir, name + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Whether `command` names a program that exists: a path to an executable, or a name found on PATH. */
export function commandExists(command: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  if (isAbsolute(command) || command.includes('/') || (platform === 'win32' && command.includes('\\'))) {
    return isExecutableFile(command);
  }
  return findOnPath(command, env, platform) !== undefined;
}

/** Whether `python` can import routesmith (so `python -m routesmith lsp` will start). */
export function pythonHasRoutesmith(python: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const probe = 'import importlib.util, sys; sys.exit(importlib.util.find_spec("routesmith") is None)';
  return new Promise((resolve) => {
    execFile(python, ['-c', probe], { env, timeout: 15000 }, (error) => resolve(error === null));
  });
}

export interface DiscoveryInputs {
  configured: readonly string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The Python extension's selected interpreter, if that extension is installed and has one. */
  pythonInterpreter: () => Promise<string | undefined>;
}

export async function discoverServer(inputs: DiscoveryInputs): Promise<Discovery> {
  const { configured, env, platform } = inputs;
  if (configured.length > 0) {
    const [command, ...args] = configured;
    if (!commandExists(command, env, platform)) {
      return { kind: 'missing', reason: `routesmith.server.command names "${command}", which does not exist.` };
    }
    return { kind: 'found', server: { command, args, origin: 'routesmith.server.command' } };
  }
  const onPath = findOnPath('routesmith', env, platform);
  if (onPath !== undefined) {
    return { kind: 'found', server: { command: onPath, args: ['lsp'], origin: 'PATH' } };
  }
  const python = await inputs.pythonInterpreter();
  if (python === undefined) {
    return { kind: 'missing', reason: '`routesmith` is not on PATH and no Python interpreter is selected.' };
  }
  if (!(await pythonHasRoutesmith(python, env))) {
    return {
      kind: 'missing',
      reason: `\`routesmith\` is not on PATH and the selected Python interpreter (${python}) does not have it.`,
    };
  }
  return {
    kind: 'found',
    server: { command: python, args: ['-m', 'routesmith', 'lsp'], origin: 'Python interpreter' },
  };
}
