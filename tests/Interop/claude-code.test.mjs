// Claude Code (@anthropic-ai/claude-code, its native binary) adds cao-ops as a stdio MCP server and health-checks it
// as a new user would: `claude mcp add cao-ops -e CAO_API_URL=… -- <cao-ops> mcp`, then `claude mcp get cao-ops`
// must print `Status: ✔ Connected` and no `Issue:` line (the check connects, then fetches and parses tools/list).
// No account is needed. It runs in a throwaway HOME, XDG dirs and project; telemetry, error reporting, the
// auto-updater and other non-essential traffic are switched off, and a dead loopback proxy catches anything else.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { API, BIN } from './lib/harness.mjs';

const require = createRequire(import.meta.url);
// bin/claude.exe on every platform: the package's postinstall copies the native binary there.
const CLAUDE = join(dirname(require.resolve('@anthropic-ai/claude-code/package.json')), 'bin', 'claude.exe');

const root = mkdtempSync(join(tmpdir(), 'cao-ops-claude-'));
const home = join(root, 'home');
const project = join(root, 'project');
for (const d of [home, project, join(root, 'xdg', 'config'), join(root, 'xdg', 'data'), join(root, 'xdg', 'cache'), join(root, 'xdg', 'state')]) {
  mkdirSync(d, { recursive: true });
}
after(() => rmSync(root, { recursive: true, force: true }));

/** A clean environment: nothing of the machine's Claude or cao-ops settings, no credentials, no network. */
const env = {
  PATH: process.env.PATH,
  HOME: home,
  USERPROFILE: home,
  XDG_CONFIG_HOME: join(root, 'xdg', 'config'),
  XDG_DATA_HOME: join(root, 'xdg', 'data'),
  XDG_CACHE_HOME: join(root, 'xdg', 'cache'),
  XDG_STATE_HOME: join(root, 'xdg', 'state'),
  TMPDIR: root,
  DISABLE_TELEMETRY: '1',
  DISABLE_ERROR_REPORTING: '1',
  DISABLE_AUTOUPDATER: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.1,localhost',
  CI: '1',
};

function claude(args) {
  return new Promise((resolve) => {
    execFile(CLAUDE, args, { cwd: project, env, timeout: 60_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? err.signal) : 0, out: `${stdout}${stderr}` });
    });
  });
}

test('the Claude Code native binary is installed', async () => {
  accessSync(CLAUDE, constants.X_OK);
  const { code, out } = await claude(['--version']);
  assert.equal(code, 0, out);
  assert.match(out, /^2\.1\.332 \(Claude Code\)/, 'the pinned version');
});

for (const [name, flags] of [['cao-ops', []], ['cao-ops-all', ['--toolsets', 'all']]]) {
  test(`claude mcp add ${name} -- cao-ops mcp ${flags.join(' ')}; claude mcp get ${name}: ✔ Connected, no Issue`, async (t) => {
    const added = await claude(['mcp', 'add', name, '-e', `CAO_API_URL=${API}`, '--', BIN, 'mcp', ...flags]);
    assert.equal(added.code, 0, added.out);
    assert.match(added.out, new RegExp(`Added stdio MCP server ${name}`));
    const got = await claude(['mcp', 'get', name]);
    t.diagnostic(got.out.split('\n').filter((l) => /Status|Issue/.test(l)).join(' | '));
    assert.equal(got.code, 0, got.out);
    assert.match(got.out, /Status: ✔ Connected\s*$/m, got.out);
    assert.doesNotMatch(got.out, /^\s*Issue:/m, got.out);
  });
}
