// The profiles toolset through the official TypeScript SDK client: every tool on a success path and a failure path,
// results validated by the SDK against each tool's outputSchema.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Coverage, callFail, callOk, closeAll, connect, listTools } from './lib/harness.mjs';

const coverage = new Coverage();
const TOOLS = ['list_profiles', 'get_profile_details', 'install_profile', 'list_providers', 'find_profiles'];
// cao-ops' local profile engine reads these; keep it off the machine's real CAO home.
const home = mkdtempSync(join(tmpdir(), 'cao-ops-interop-home-'));
const isolated = { HOME: home, CAO_HOME_DIR: join(home, '.aws', 'cli-agent-orchestrator') };

let mcp;
let down;
before(async () => {
  mcp = await connect({ args: ['--toolsets', 'profiles'], env: isolated });
  down = await connect({ args: ['--toolsets', 'profiles'], env: { ...isolated, CAO_API_URL: 'http://127.0.0.1:1' } });
  await listTools(mcp);
  await listTools(down);
});
after(async () => {
  await closeAll();
  rmSync(home, { recursive: true, force: true });
});

test('the selection is exactly the profiles tools', async () => {
  assert.deepEqual((await listTools(mcp)).map((t) => t.name).sort(), [...TOOLS].sort());
});

test('list, details, install, providers, search', async () => {
  const profiles = await callOk(mcp, 'list_profiles', {}, coverage);
  assert.ok(profiles.profiles.some((p) => p.name === 'developer'), JSON.stringify(profiles));
  const details = await callOk(mcp, 'get_profile_details', { name: 'developer' }, coverage);
  assert.equal(details.name, 'developer');
  const installed = await callOk(mcp, 'install_profile', { source: 'developer', provider: 'claude_code' }, coverage);
  assert.equal(installed.provider, 'claude_code');
  const providers = await callOk(mcp, 'list_providers', {}, coverage);
  assert.ok(Array.isArray(providers.providers) && providers.providers.length > 0, JSON.stringify(providers));
  const found = await callOk(mcp, 'find_profiles', { query: 'code review', limit: 3 }, coverage);
  assert.ok(Array.isArray(found.profiles), JSON.stringify(found));
});

test('failure paths: each tool answers isError with what failed, and the SDK accepts the result', async () => {
  await callFail(mcp, 'list_profiles', { bogus: true }, "unknown argument 'bogus'", coverage);
  await callFail(mcp, 'get_profile_details', { name: 'no-such-profile' }, 'no-such-profile', coverage);
  await callFail(mcp, 'install_profile', { source: 'no-such-profile' }, 'no-such-profile', coverage);
  await callFail(down, 'list_providers', {}, /not reachable/, coverage);
  await callFail(down, 'find_profiles', { query: 'review' }, /not reachable/, coverage);
});

test('every profiles tool was called on a success path and a failure path', () => {
  coverage.assertCovers(TOOLS);
});
