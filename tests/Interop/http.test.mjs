// Remote MCP: the published cao-ops-http (`serve --http`, beside CAO_OPS_BIN) driven by clients that are not ours over
// Streamable HTTP: the official TypeScript SDK client (list, calls validated against outputSchema, progress over SSE,
// session end) and Claude Code (`claude mcp add --transport http`, then `claude mcp get`: ✔ Connected, no Issue).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { BIN, REQUEST_MS, delay, serverEnv } from './lib/harness.mjs';

const HTTP_BIN = join(dirname(BIN), process.platform === 'win32' ? 'cao-ops-http.exe' : 'cao-ops-http');
const require = createRequire(import.meta.url);
const CLAUDE = join(dirname(require.resolve('@anthropic-ai/claude-code/package.json')), 'bin', 'claude.exe');

let server;
let url;
const stderr = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

before(async () => {
  assert.ok(existsSync(HTTP_BIN), `${HTTP_BIN} is missing: ./publish.sh builds it beside cao-ops`);
  const port = await freePort();
  url = `http://127.0.0.1:${port}/mcp`;
  server = spawn(HTTP_BIN, ['serve', '--http', `127.0.0.1:${port}`], { env: serverEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderr.on('data', (c) => stderr.push(String(c)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    assert.ok(server.exitCode === null, `cao-ops-http exited: ${stderr.join('')}`);
    assert.ok(Date.now() < deadline, `cao-ops-http did not answer /healthz within 60 s: ${stderr.join('')}`);
    await delay(100);
  }
});

after(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    const exited = await Promise.race([new Promise((r) => server.once('exit', () => r(true))), delay(15_000).then(() => false)]);
    if (!exited) server.kill('SIGKILL');
  }
});

async function connectHttp() {
  const client = new Client({ name: 'cao-ops-interop-http', version: '1.0.0' }, { capabilities: {} });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport, { timeout: REQUEST_MS });
  return { client, transport };
}

test('TypeScript SDK over Streamable HTTP: list, calls validated by the SDK, progress over SSE, session end', async () => {
  const { client, transport } = await connectHttp();
  try {
    assert.ok(transport.sessionId, 'the server issued an Mcp-Session-Id');
    const { tools } = await client.listTools(undefined, { timeout: REQUEST_MS });
    assert.ok(tools.some((t) => t.name === 'wait_for_terminal'), 'the default selection is served');
    for (const t of tools) assert.ok(client.getToolOutputValidator(t.name), `${t.name}: the SDK compiled its outputSchema`);

    const sessions = await client.callTool({ name: 'list_sessions', arguments: {} }, undefined, { timeout: REQUEST_MS });
    assert.equal(sessions.isError ?? false, false, JSON.stringify(sessions));
    assert.ok(Array.isArray(sessions.structuredContent.sessions));

    const missing = await client.callTool({ name: 'get_terminal_status', arguments: { terminal_id: 'ffffffff' } }, undefined, { timeout: REQUEST_MS });
    assert.equal(missing.isError, true);
    assert.match(missing.structuredContent.message, /not found|ffffffff/i);

    const call = async (name, args, options = {}) => {
      const r = await client.callTool({ name, arguments: args }, undefined, { timeout: REQUEST_MS, ...options });
      assert.equal(r.isError ?? false, false, `${name}: ${JSON.stringify(r)}`);
      return r.structuredContent;
    };
    const launched = await call('launch_session', { agent_profile: 'developer', provider: 'mock_cli', session_name: 'http' });
    const sent = await call('send_session_message', { terminal_id: launched.terminal_id, message: '__mock_sleep_10' });
    const progress = [];
    const waited = await call('wait_for_terminal', { terminal_id: launched.terminal_id, after_message_id: sent.message_id, timeout_seconds: 30 },
      { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true });
    assert.equal(waited.reached, true, JSON.stringify(waited));
    assert.ok(progress.length > 0, 'progress notifications arrived over SSE');
    await call('shutdown_session', { session_name: launched.session_name });
  } finally {
    await transport.terminateSession().catch(() => {});
    await client.close();
  }
});

test('Claude Code: claude mcp add --transport http; claude mcp get: ✔ Connected, no Issue', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'cao-ops-claude-http-'));
  try {
    const home = join(root, 'home');
    const project = join(root, 'project');
    for (const d of [home, project, join(root, 'xdg')]) mkdirSync(d, { recursive: true });
    const env = {
      PATH: process.env.PATH, HOME: home, USERPROFILE: home, XDG_CONFIG_HOME: join(root, 'xdg'), XDG_DATA_HOME: join(root, 'xdg'),
      XDG_CACHE_HOME: join(root, 'xdg'), XDG_STATE_HOME: join(root, 'xdg'), TMPDIR: root, DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1', DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost', CI: '1',
    };
    const claude = (args) => new Promise((resolve) => {
      execFile(CLAUDE, args, { cwd: project, env, timeout: 60_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
        resolve({ code: err ? (err.code ?? err.signal) : 0, out: `${stdout}${stderr}` });
      });
    });
    const added = await claude(['mcp', 'add', '--transport', 'http', 'cao-ops-http', url]);
    assert.equal(added.code, 0, added.out);
    const got = await claude(['mcp', 'get', 'cao-ops-http']);
    t.diagnostic(got.out.split('\n').filter((l) => /Status|Issue|Type/.test(l)).join(' | '));
    assert.equal(got.code, 0, got.out);
    assert.match(got.out, /Status: ✔ Connected\s*$/m, got.out);
    assert.doesNotMatch(got.out, /^\s*Issue:/m, got.out);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
