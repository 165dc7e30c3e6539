#!/usr/bin/env node
// Generates package.json `contributes.configuration` from the language server's settings schema
// (schemas/lsp-settings.json, itself generated from routesmith.lsp.settings), so the server owns every
// `routesmith.*` key, its type, default, bounds and scope. Client-only keys (CLIENT_ONLY_PREFIXES) are kept
// from package.json as they are. Settings only the user may set (routesmith.trust: `machine` or
// `application` scope) are also listed in `capabilities.untrustedWorkspaces.restrictedConfigurations`.
//
//   node scripts/sync-settings.mjs            rewrite package.json
//   node scripts/sync-settings.mjs --check    exit 1 and name each key that drifted
//   --schema PATH / --package PATH            other files (the tests use a mutated copy)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const SECTION = 'routesmith';
// Keys the extension itself reads; the server ignores them (it receives them in the section anyway).
const CLIENT_ONLY_PREFIXES = [`${SECTION}.server.`, `${SECTION}.trace.`];
// Schema keywords copied to a VS Code setting unchanged.
const COPIED = ['description', 'default', 'minimum', 'maximum', 'items', 'enum', 'scope'];
// Scopes a workspace's settings.json cannot set.
const USER_SCOPES = ['machine', 'machine-overridable', 'application'];

class SchemaError extends Error {}

function deref(schema, node, where) {
  if (node.$ref === undefined) return node;
  const prefix = '#/$defs/';
  const name = node.$ref.startsWith(prefix) ? node.$ref.slice(prefix.length) : undefined;
  const target = name === undefined ? undefined : schema.$defs?.[name];
  if (target === undefined) throw new SchemaError(`${where}: unresolvable $ref ${node.$ref}`);
  // Keywords beside a $ref (a default, a description) win over the referenced definition's.
  const { $ref: _ref, ...siblings } = node;
  return { ...deref(schema, target, where), ...siblings };
}

// The JSON type of an enum-only definition (msgspec emits `{"enum": [...]}` without a type).
function enumType(values, where) {
  const types = [...new Set(values.map((v) => (v === null ? 'null' : typeof v)))];
  if (types.length !== 1 || !['string', 'number', 'boolean'].includes(types[0])) {
    throw new SchemaError(`${where}: enum of mixed or unsupported types ${JSON.stringify(values)}`);
  }
  return types[0];
}

// One schema property -> one VS Code setting. `X | None` arrives as anyOf [X, {type: null}] and becomes
// `"type": [X, "null"]` (and `null` joins an enum), which VS Code's settings editor accepts.
function toSetting(schema, raw, where) {
  const node = deref(schema, raw, where);
  const { anyOf, ...rest } = node;
  let setting = {};
  let nullable = false;
  if (anyOf !== undefined) {
    const branches = anyOf.map((branch) => deref(schema, branch, where));
    const nonNull = branches.filter((branch) => branch.type !== 'null');
    nullable = nonNull.length < branches.length;
    if (nonNull.length !== 1) throw new SchemaError(`${where}: anyOf other than "X or null" is not supported`);
    setting = toSetting(schema, nonNull[0], where);
  }
  const type = rest.type ?? (rest.enum !== undefined ? enumType(rest.enum, where) : setting.type);
  if (type === undefined) throw new SchemaError(`${where}: no type`);
  setting.type = type;
  for (const key of COPIED) if (rest[key] !== undefined) setting[key] = rest[key];
  if (nullable) {
    setting.type = [setting.type, 'null'];
    if (setting.enum !== undefined) setting.enum = [...setting.enum, null];
  }
  return setting;
}

// Nested objects become dotted keys (hints.maxLength -> routesmith.hints.maxLength), in schema order.
function flatten(schema, node, prefix, out) {
  for (const [name, raw] of Object.entries(node.properties ?? {})) {
    const key = `${prefix}.${name}`;
    const resolved = deref(schema, raw, key);
    if (resolved.type === 'object' && resolved.properties !== undefined) {
      flatten(schema, resolved, key, out);
    } else {
      if (CLIENT_ONLY_PREFIXES.some((p) => key.startsWith(p))) {
        throw new SchemaError(`${key}: the server's schema defines a key reserved for the client`);
      }
      out[key] = toSetting(schema, raw, key);
    }
  }
  return out;
}

function generate(schema, current) {
  const root = deref(schema, schema, SECTION);
  const properties = {};
  for (const [key, value] of Object.entries(current?.properties ?? {})) {
    if (CLIENT_ONLY_PREFIXES.some((p) => key.startsWith(p))) properties[key] = value;
  }
  Object.assign(properties, flatten(schema, root, SECTION, {}));
  return { title: 'RouteSmith', properties };
}

// The untrusted-workspace list: the client-only keys already there, then every user-scoped server key.
function restricted(configuration, current) {
  const kept = (current ?? []).filter((key) => CLIENT_ONLY_PREFIXES.some((p) => key.startsWith(p)));
  const userOnly = Object.entries(configuration.properties)
    .filter(([key, setting]) => !kept.includes(key) && USER_SCOPES.includes(setting.scope))
    .map(([key]) => key);
  return [...kept, ...userOnly];
}

function drift(expected, actual) {
  const keys = new Set([...Object.keys(expected.properties), ...Object.keys(actual?.properties ?? {})]);
  const problems = [];
  for (const key of keys) {
    const want = expected.properties[key];
    const have = actual?.properties?.[key];
    if (have === undefined) problems.push(`${key}: in the schema, missing from package.json`);
    else if (want === undefined) problems.push(`${key}: in package.json, not in the schema`);
    else if (!isDeepStrictEqual(want, have)) {
      problems.push(`${key}: package.json has ${JSON.stringify(have)}, the schema says ${JSON.stringify(want)}`);
    }
  }
  if (problems.length === 0 && !isDeepStrictEqual(expected, actual)) {
    problems.push('contributes.configuration: title or key order differs from the generated one');
  }
  return problems;
}

function readJson(path, what) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SchemaError(`${path}: cannot read the ${what}: ${error.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SchemaError(`${path}: the ${what} is not valid JSON: ${error.message}`);
  }
}

function main() {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      schema: { type: 'string', default: resolve(here, '../../../schemas/lsp-settings.json') },
      package: { type: 'string', default: resolve(here, '../package.json') },
    },
  });
  const schema = readJson(values.schema, 'settings schema');
  const pkg = readJson(values.package, 'extension manifest');
  const actual = pkg.contributes?.configuration;
  const expected = generate(schema, actual);
  const actualRestricted = pkg.capabilities?.untrustedWorkspaces?.restrictedConfigurations;
  const expectedRestricted = restricted(expected, actualRestricted);
  if (values.check) {
    const problems = drift(expected, actual);
    if (!isDeepStrictEqual(expectedRestricted, actualRestricted)) {
      problems.push(
        `capabilities.untrustedWorkspaces.restrictedConfigurations: package.json has ` +
          `${JSON.stringify(actualRestricted)}, the schema says ${JSON.stringify(expectedRestricted)}`,
      );
    }
    if (problems.length > 0) {
      console.error(`${values.package}: contributes.configuration drifted from ${values.schema}:`);
      for (const problem of problems) console.error(`  ${problem}`);
      console.error('Run `npm run sync-settings` in editors/vscode to regenerate it.');
      process.exit(1);
    }
    console.log(`contributes.configuration matches ${values.schema}`);
    return;
  }
  pkg.contributes = { ...pkg.contributes, configuration: expected };
  const untrusted = { ...pkg.capabilities?.untrustedWorkspaces, restrictedConfigurations: expectedRestricted };
  pkg.capabilities = { ...pkg.capabilities, untrustedWorkspaces: untrusted };
  writeFileSync(values.package, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(`wrote ${Object.keys(expected.properties).length} settings to ${values.package}`);
}

try {
  main();
} catch (error) {
  if (!(error instanceof SchemaError)) throw error;
  console.error(`sync-settings: ${error.message}`);
  process.exit(2);
}
