// The rest of the protocol through the official TypeScript SDK client: every protocol version the SDK offers
// negotiates; ping; prompts list/get; resources list, templates, read; completion; resources/subscribe →
// notifications/resources/updated after a state change.
// Seeds (tests/CaoOps.E2E.Tests/Interop): session cao-demo with one idle mock_cli terminal.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ResourceUpdatedNotificationSchema, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { REQUEST_MS, callOk, close, closeAll, connect, eventually, listTools } from './lib/harness.mjs';

const SEED = JSON.parse(process.env.INTEROP_SEED ?? '{}');
const opts = { timeout: REQUEST_MS };

let mcp;
before(async () => {
  assert.ok(SEED.demo, 'the runner seeds session cao-demo (INTEROP_SEED.demo)');
  mcp = await connect();
});
after(closeAll);

// The published revisions of the MCP specification: a server that supports one answers initialize with it.
// The SDK also offers 2024-10-07, a pre-release draft no server is held to: there the server may answer with a
// revision of its choice, and the connection must still come up (the SDK accepts any version it offers).
const REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];

for (const version of SUPPORTED_PROTOCOL_VERSIONS) {
  test(`protocol version ${version} negotiates`, async (t) => {
    const session = await connect({ protocolVersion: version });
    try {
      t.diagnostic(`asked ${version}, server answered ${session.negotiated}`);
      if (REVISIONS.includes(version)) {
        assert.equal(session.negotiated, version, `the server answered initialize for ${version} with ${session.negotiated}`);
      } else {
        assert.ok(SUPPORTED_PROTOCOL_VERSIONS.includes(session.negotiated), `the server answered ${version} with ${session.negotiated}, which the SDK does not speak`);
      }
      assert.equal(session.client.getServerVersion()?.name, 'cao-ops');
      assert.ok(session.client.getServerCapabilities()?.tools, 'tools capability');
      assert.ok((await session.client.ping(opts)) !== undefined);
      assert.ok((await listTools(session)).length > 0);
    } finally {
      await close(session);
    }
  });
}

test('ping', async () => {
  assert.deepEqual(await mcp.client.ping(opts), {});
});

test('capabilities and instructions', () => {
  const caps = mcp.client.getServerCapabilities();
  assert.ok(caps.prompts, 'prompts');
  assert.ok(caps.resources?.subscribe, 'resources.subscribe');
  assert.ok(caps.completions, 'completions');
  assert.match(mcp.client.getInstructions() ?? '', /launch_session/);
});

test('prompts: list and get, and a missing required argument is an error', async () => {
  const { prompts } = await mcp.client.listPrompts(undefined, opts);
  const names = prompts.map((p) => p.name);
  assert.ok(names.includes('delegate_task') && names.includes('review_sessions'), names.join(', '));
  const delegate = prompts.find((p) => p.name === 'delegate_task');
  assert.deepEqual(delegate.arguments.filter((a) => a.required).map((a) => a.name), ['task']);

  const got = await mcp.client.getPrompt({ name: 'delegate_task', arguments: { task: 'Add a --json flag', agent_profile: 'developer' } }, opts);
  assert.equal(got.messages[0].role, 'user');
  assert.match(got.messages[0].content.text, /launch_session\(agent_profile="developer"/);
  const review = await mcp.client.getPrompt({ name: 'review_sessions' }, opts);
  assert.match(review.messages[0].content.text, /cao-demo/);
  await assert.rejects(mcp.client.getPrompt({ name: 'delegate_task', arguments: {} }, opts), /missing required argument 'task'/);
});

test('resources: list, templates, read as JSON and text, and a missing one is an error', async () => {
  const { resources } = await mcp.client.listResources(undefined, opts);
  const uris = resources.map((r) => r.uri);
  for (const uri of ['cao://sessions', 'cao://sessions/cao-demo', `cao://terminals/${SEED.demo}`, `cao://terminals/${SEED.demo}/output`]) {
    assert.ok(uris.includes(uri), `${uri} listed: ${uris.join(', ')}`);
  }
  const { resourceTemplates } = await mcp.client.listResourceTemplates(undefined, opts);
  assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate), ['cao://sessions/{session_name}', 'cao://terminals/{terminal_id}', 'cao://terminals/{terminal_id}/output']);

  const sessions = await mcp.client.readResource({ uri: 'cao://sessions' }, opts);
  assert.equal(sessions.contents[0].mimeType, 'application/json');
  assert.ok(JSON.parse(sessions.contents[0].text).sessions.some((s) => s.name === 'cao-demo'));
  const terminal = await mcp.client.readResource({ uri: `cao://terminals/${SEED.demo}` }, opts);
  assert.equal(JSON.parse(terminal.contents[0].text).id, SEED.demo);
  const output = await mcp.client.readResource({ uri: `cao://terminals/${SEED.demo}/output` }, opts);
  assert.equal(output.contents[0].mimeType, 'text/plain');
  await assert.rejects(mcp.client.readResource({ uri: 'cao://terminals/deadbeef' }, opts), /deadbeef/);
});

test('completion: live session names and prompt argument values', async () => {
  const sessions = await mcp.client.complete({ ref: { type: 'ref/resource', uri: 'cao://sessions/{session_name}' }, argument: { name: 'session_name', value: 'cao-d' } }, opts);
  assert.deepEqual(sessions.completion.values, ['cao-demo']);
  const profiles = await mcp.client.complete({ ref: { type: 'ref/prompt', name: 'delegate_task' }, argument: { name: 'agent_profile', value: 'dev' } }, opts);
  assert.deepEqual(profiles.completion.values, ['developer']);
});

test('resources/subscribe: notifications/resources/updated arrives after a state change', async () => {
  const uri = `cao://terminals/${SEED.demo}`;
  const updates = [];
  mcp.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updates.push(n.params.uri); });
  await listTools(mcp);
  await mcp.client.subscribeResource({ uri }, opts);
  // The state change: a message to the idle agent makes it `processing`, then `completed`.
  await callOk(mcp, 'send_session_message', { terminal_id: SEED.demo, message: 'interop says hello' });
  await eventually(() => updates.includes(uri), `notifications/resources/updated for ${uri}`);
  await mcp.client.unsubscribeResource({ uri }, opts);
});
