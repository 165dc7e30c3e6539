// The version handshake: the server's `serverInfo.version` (routesmith.__version__, PEP 440) against the
// minimum this extension was built for (package.json `routesmith.minServerVersion`).

interface ParsedVersion {
  release: number[];
  // A pre-release, dev or other suffix ("rc1", ".dev3"): such a build comes before its release.
  suffixed: boolean;
}

function parse(version: string): ParsedVersion | undefined {
  const match = /^v?(\d+(?:\.\d+)*)(.*)$/.exec(version.trim());
  if (match === null) return undefined;
  const [, release, rest] = match;
  // A local label ("+g1234") does not make a build older; anything else after the release does.
  const suffix = rest.split('+', 1)[0];
  return { release: release.split('.').map(Number), suffixed: suffix !== '' && !/^\.post\d*$/.test(suffix) };
}

/** Negative when `a` comes before `b`, 0 when they are the same release, positive after; undefined if
 * either is not a version. */
export function compareVersions(a: string, b: string): number | undefined {
  const pa = parse(a);
  const pb = parse(b);
  if (pa === undefined || pb === undefined) return undefined;
  const length = Math.max(pa.release.length, pb.release.length);
  for (let i = 0; i < length; i++) {
    const diff = (pa.release[i] ?? 0) - (pb.release[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return Number(pb.suffixed) - Number(pa.suffixed);
}

export interface ServerInfo {
  name: string;
  version?: string;
}

/** Why the server that answered `initialize` is not one this extension can use, or undefined if it is. */
export function serverVersionProblem(info: ServerInfo | undefined, minimum: string): string | undefined {
  if (info === undefined) {
    return `The language server sent no serverInfo; RouteSmith ${minimum} or newer sends it.`;
  }
  if (info.name !== 'routesmith') {
    return `The configured server is "${info.name}", not the RouteSmith language server.`;
  }
  if (info.version === undefined) {
    return `The RouteSmith language server sent no version; ${minimum} or newer is needed.`;
  }
  const order = compareVersions(info.version, minimum);
  if (order === undefined)
    return `The RouteSmith language server reports version "${info.version}", which is not a version number.`;
  if (order < 0) return `The RouteSmith language server is ${info.version}; this extension needs ${minimum} or newer.`;
  return undefined;
}
