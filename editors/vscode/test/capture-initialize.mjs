// A pass-through in front of the language server that saves the client's `initialize` params: the browser
// test starts the server through it, so test/fixtures/vscode-initialize.json is what VS Code itself sends.
//
//   node capture-initialize.mjs OUT.json COMMAND [ARGS...]
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [out, command, ...args] = process.argv.slice(2);
if (out === undefined || command === undefined) {
  console.error('usage: node capture-initialize.mjs OUT.json COMMAND [ARGS...]');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
child.on('error', (error) => {
  console.error(`capture-initialize: ${command}: ${error.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
child.stdout.pipe(process.stdout);

let pending = Buffer.alloc(0);
let captured = false;
process.stdin.on('data', (chunk) => {
  child.stdin.write(chunk);
  if (captured) return;
  pending = Buffer.concat([pending, chunk]);
  const headerEnd = pending.indexOf('\r\n\r\n');
  if (headerEnd < 0) return;
  const length = /Content-Length: *(\d+)/i.exec(pending.subarray(0, headerEnd).toString('ascii'));
  if (length === null) return;
  const start = headerEnd + 4;
  if (pending.length < start + Number(length[1])) return;
  const message = JSON.parse(pending.subarray(start, start + Number(length[1])).toString('utf8'));
  if (message.method === 'initialize') {
    // Only what describes the client; process ids, paths and settings differ from run to run.
    const { clientInfo, capabilities } = message.params;
    writeFileSync(out, `${JSON.stringify({ clientInfo, capabilities }, null, 2)}\n`);
  }
  captured = true;
  pending = Buffer.alloc(0);
});
process.stdin.on('end', () => child.stdin.end());
