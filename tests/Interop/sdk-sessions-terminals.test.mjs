// The sessions and terminals toolsets through the official TypeScript SDK client: every tool on a success path and a
// failure path (results validated by the SDK against each tool's outputSchema), progress notifications during
// wait_for_terminal, and a wait cancelled with an AbortSignal (notifications/cancelled) that ends at once on the
// server side while the server keeps serving.
// Seeds (tests/CaoOps.E2E.Tests/Interop): session cao-busy with one terminal that stays `processing`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { API, Coverage, callFail, callOk, close, closeAll, connect, eventually, listTools } from './lib/harness.mjs';
import { startSpy } from './lib/spy.mjs';

const SEED = JSON.parse(process.env.INTEROP_SEED ?? '{}');
const coverage = new Coverage();
const TOOLS = [
  'launch_session', 'send_session_message', 'read_session_output', 'get_terminal_status', 'get_terminal_output',
  'wait_for_terminal', 'list_sessions', 'get_session_info', 'shutdown_session',
  'send_terminal_input', 'send_terminal_key', 'add_terminal', 'exit_terminal', 'delete_terminal', 'list_inbox_messages',
];
const MISSING = 'deadbeef'; // a well-formed terminal id no server knows

let mcp;
let down; // the same binary pointed at a port where nothing listens
before(async () => {
  mcp = await connect({ args: ['--toolsets', 'sessions,terminals'] });
  down = await connect({ args: ['--toolsets', 'sessions,terminals'], env: { CAO_API_URL: 'http://127.0.0.1:1', CAO_OPS_WAIT_OUTAGE: '0' } });
  await listTools(mcp);
  await listTools(down);
});
after(closeAll);

test('the selection is exactly the sessions and terminals tools', async () => {
  assert.deepEqual((await listTools(mcp)).map((t) => t.name).sort(), [...TOOLS].sort());
});

test('launch, message, wait with progress, read, list, inspect, shut down', async () => {
  const launched = await callOk(mcp, 'launch_session', { agent_profile: 'developer', provider: 'mock_cli', session_name: 'interop' }, coverage);
  assert.equal(launched.session_name, 'cao-interop');
  assert.match(launched.terminal_id, /^[0-9a-f]{8}$/);
  const terminal = launched.terminal_id;

  const sent = await callOk(mcp, 'send_session_message', { terminal_id: terminal, message: '__mock_sleep_10' }, coverage);
  const progress = [];
  const waited = await callOk(mcp, 'wait_for_terminal', { terminal_id: terminal, after_message_id: sent.message_id, timeout_seconds: 30 }, coverage, {
    onprogress: (p) => progress.push(p),
  });
  assert.equal(waited.reached, true, JSON.stringify(waited));
  assert.equal(waited.status, 'completed');
  assert.ok(progress.length >= 1, 'wait_for_terminal sent notifications/progress while the terminal was processing');
  assert.ok(progress.every((p) => typeof p.progress === 'number'), JSON.stringify(progress));
  assert.ok(progress.some((p) => /processing/.test(p.message ?? '')), `a progress message names the status: ${JSON.stringify(progress)}`);

  assert.equal((await callOk(mcp, 'get_terminal_status', { terminal_id: terminal }, coverage)).status, 'completed');
  const output = await callOk(mcp, 'get_terminal_output', { terminal_id: terminal, mode: 'last', clean: true }, coverage);
  assert.match(output.output, /slept/);
  const full = await callOk(mcp, 'read_session_output', { session_name: 'cao-interop', mode: 'full', max_chars: 10 }, coverage);
  assert.equal(full.terminal_id, terminal);
  assert.equal(full.truncated, true);

  const sessions = await callOk(mcp, 'list_sessions', {}, coverage);
  assert.ok(sessions.sessions.some((s) => s.name === 'cao-interop'), JSON.stringify(sessions));
  const info = await callOk(mcp, 'get_session_info', { session_name: 'cao-interop' }, coverage);
  assert.equal(info.terminals[0].id, terminal);

  await callOk(mcp, 'shutdown_session', { session_name: 'cao-interop' }, coverage);
  await callFail(mcp, 'get_session_info', { session_name: 'cao-interop' }, 'not found', coverage);
});

test('terminal control: input, keys, inbox, add, exit, delete', async () => {
  const launched = await callOk(mcp, 'launch_session', { agent_profile: 'developer', provider: 'mock_cli', session_name: 'pair' }, coverage);
  const worker = launched.terminal_id;
  await callOk(mcp, 'send_terminal_input', { terminal_id: worker, message: 'typed straight in' }, coverage);
  await callOk(mcp, 'wait_for_terminal', { terminal_id: worker, timeout_seconds: 30 }, coverage);
  await callOk(mcp, 'send_terminal_key', { terminal_id: worker, key: 'Enter' }, coverage);
  const inbox = await callOk(mcp, 'list_inbox_messages', { terminal_id: worker }, coverage);
  assert.ok(Array.isArray(inbox.messages), JSON.stringify(inbox));

  const added = await callOk(mcp, 'add_terminal', { session_name: 'cao-pair', agent_profile: 'reviewer', provider: 'mock_cli' }, coverage);
  assert.match(added.terminal_id, /^[0-9a-f]{8}$/);
  await callOk(mcp, 'exit_terminal', { terminal_id: added.terminal_id }, coverage);
  await callOk(mcp, 'delete_terminal', { terminal_id: added.terminal_id }, coverage);
  await callOk(mcp, 'shutdown_session', { session_name: 'cao-pair' }, coverage);
});

test('failure paths: each tool answers isError with what failed, and the SDK accepts the result', async () => {
  await callFail(mcp, 'launch_session', { agent_profile: 'developer', provider: 'no_such_provider' }, /provider/i, coverage);
  await callFail(mcp, 'send_session_message', { terminal_id: MISSING, message: 'hello' }, MISSING, coverage);
  await callFail(mcp, 'read_session_output', { session_name: 'cao-missing' }, 'cao-missing', coverage);
  await callFail(mcp, 'get_terminal_status', { terminal_id: MISSING }, MISSING, coverage);
  await callFail(mcp, 'get_terminal_output', { terminal_id: MISSING }, MISSING, coverage);
  await callFail(mcp, 'wait_for_terminal', { terminal_id: MISSING, timeout_seconds: 5 }, MISSING, coverage);
  await callFail(down, 'list_sessions', {}, /not reachable/, coverage);
  await callFail(mcp, 'get_session_info', { session_name: 'cao-missing' }, 'not found', coverage);
  await callFail(mcp, 'shutdown_session', { session_name: 'cao-missing' }, 'cao-missing', coverage);
  await callFail(mcp, 'send_terminal_input', { terminal_id: MISSING, message: 'hello' }, MISSING, coverage);
  await callFail(mcp, 'send_terminal_key', { terminal_id: SEED.busy ?? MISSING, key: 'NoSuchKey' }, /key/i, coverage);
  await callFail(mcp, 'add_terminal', { session_name: 'cao-missing', agent_profile: 'developer', provider: 'mock_cli' }, 'cao-missing', coverage);
  await callFail(mcp, 'exit_terminal', { terminal_id: MISSING }, MISSING, coverage);
  await callFail(mcp, 'delete_terminal', { terminal_id: MISSING }, MISSING, coverage);
  await callFail(mcp, 'list_inbox_messages', { terminal_id: MISSING }, MISSING, coverage);
});

test('a wait cancelled with an AbortSignal ends on the server at once, and the server keeps serving', async () => {
  assert.ok(SEED.busy, 'the runner seeds a terminal that stays processing (INTEROP_SEED.busy)');
  const spy = await startSpy(API);
  const watched = await connect({ args: ['--toolsets', 'sessions'], env: { CAO_API_URL: spy.url } });
  try {
    await listTools(watched);
    const polls = () => spy.requests.filter((r) => r.method === 'GET' && r.path === `/terminals/${SEED.busy}`);
    const abort = new AbortController();
    const call = watched.client.callTool({ name: 'wait_for_terminal', arguments: { terminal_id: SEED.busy, timeout_seconds: 120 } }, undefined, {
      signal: abort.signal, timeout: 150_000,
    });
    call.catch(() => {}); // observed below
    await eventually(() => polls().length >= 2, 'the wait to poll the terminal twice');
    abort.abort('the user pressed Esc');
    const abortedAt = Date.now();
    await assert.rejects(call, (e) => /Esc|abort/i.test(String(e?.message ?? e)));
    // The server's backoff polls at least every second while it waits: 2 s of silence, counted from 1 s after the
    // cancel (room for a loaded machine), shows the wait really ended (the SDK sent notifications/cancelled).
    await eventually(() => Date.now() - abortedAt >= 1000, 'a second');
    const before = polls().length;
    await eventually(() => Date.now() - abortedAt >= 3000, 'two more seconds');
    assert.equal(polls().length, before, `${polls().length - before} status polls more than 1 s after the cancel: the wait went on`);

    assert.ok((await watched.client.ping()) !== undefined);
    const status = await callOk(watched, 'get_terminal_status', { terminal_id: SEED.busy });
    assert.equal(status.status, 'processing');
  } finally {
    await close(watched);
    await spy.close();
  }
});

test('every sessions and terminals tool was called on a success path and a failure path', () => {
  coverage.assertCovers(TOOLS);
});
