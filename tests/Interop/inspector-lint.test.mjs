// The MCP Inspector CLI (@modelcontextprotocol/inspector) lists the tools of every selection with its strict schema
// portability lint: `inspector --cli --strict --method tools/list -- <cao-ops> mcp <flags>` must report 0 errors
// and 0 warnings (with findings it prints "Error: tool …"/"Warning: tool …" blocks and "N errors, M warnings across
// K tools." on stderr, and exits 6 when any is an error).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { API, BIN, serverEnv } from './lib/harness.mjs';
import { fleetJson, selections } from './lib/selections.mjs';

const require = createRequire(import.meta.url);
const INSPECTOR = join(dirname(require.resolve('@modelcontextprotocol/inspector/package.json')), 'clients', 'launcher', 'build', 'index.js');

const dir = mkdtempSync(join(tmpdir(), 'cao-ops-inspector-'));
const home = join(dir, 'home');
const fleetFile = join(dir, 'fleet.json');
before(() => {
  mkdirSync(home);
  writeFileSync(fleetFile, fleetJson(API));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the Inspector CLI (under this Node, which must be >= 22.19) in a throwaway HOME; resolves exit code and output. */
function inspect(args) {
  const env = { ...serverEnv(), HOME: home, XDG_CONFIG_HOME: join(home, '.config'), MCP_CATALOG_PATH: join(home, 'mcp.json') };
  const argv = [INSPECTOR, '--cli', '--strict', '--method', 'tools/list', '-e', `CAO_API_URL=${API}`, '--', BIN, 'mcp', ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { env, timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? err.signal) : 0, stdout, stderr });
    });
  });
}

/** The findings of a --strict report, one line each: severity, tool, path and the first sentence of the issue. */
function findings(stderr) {
  const out = [];
  let head;
  let path;
  for (const line of stderr.split('\n')) {
    if (/^(Error|Warning): tool /.test(line)) head = line;
    else if (line.startsWith('  Path: ')) path = line.slice(8);
    else if (line.startsWith('  Issue: ') && head) {
      out.push(`${head} ${path}: ${line.slice(9).split(/\. /)[0]}`);
      head = undefined;
    }
  }
  const summary = stderr.split('\n').filter((l) => /^\d+ errors?, \d+ warnings?|"error"/.test(l));
  return [...out, ...summary].join('\n') || stderr.slice(0, 4000);
}

describe('Inspector CLI --strict, every selection', { concurrency: 4 }, () => {
  for (const selection of selections(fleetFile)) {
    test(`Inspector strict lint: ${selection.name} (${selection.args.join(' ') || 'no flags'}) has 0 errors and 0 warnings`, async (t) => {
      const { code, stdout, stderr } = await inspect(selection.args);
      const errors = stderr.split('\n').filter((l) => l.startsWith('Error: tool ')).length;
      const warnings = stderr.split('\n').filter((l) => l.startsWith('Warning: tool ')).length;
      t.diagnostic(`lint ${selection.name}: ${errors} errors, ${warnings} warnings (exit ${code})`);
      let listed = [];
      try { listed = JSON.parse(stdout).tools ?? []; } catch { /* reported below */ }
      assert.ok(listed.length > 0, `the Inspector listed no tools (exit ${code}): ${stderr.slice(0, 2000)}`);
      assert.deepEqual({ errors, warnings, code }, { errors: 0, warnings: 0, code: 0 }, `Inspector --strict findings for ${selection.name}:\n${findings(stderr)}`);
    });
  }
});
