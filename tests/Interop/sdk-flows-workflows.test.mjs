// The flows and workflows toolsets through the official TypeScript SDK client: every tool on a success path and a
// failure path, results validated by the SDK against each tool's outputSchema (including workflow `output` and
// input `default` values passed through from cao-server).
// Seeds (tests/CaoOps.E2E.Tests/Interop): workflow ops_inputs (inputs target: string required, count: int = 2,
// verbose: bool = false; steps inspect, report) and ops_long (warm-up, then a step that runs until cancelled).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Coverage, callFail, callOk, closeAll, connect, listTools } from './lib/harness.mjs';

const coverage = new Coverage();
const FLOWS = ['list_flows', 'get_flow', 'create_flow', 'set_flow_enabled', 'run_flow', 'delete_flow'];
const WORKFLOWS = ['list_workflows', 'get_workflow', 'validate_workflow', 'run_workflow', 'get_workflow_run', 'list_workflow_runs', 'cancel_workflow_run', 'resume_workflow_run'];

let mcp;
let down;
before(async () => {
  mcp = await connect({ args: ['--toolsets', 'flows,workflows'] });
  down = await connect({ args: ['--toolsets', 'flows,workflows'], env: { CAO_API_URL: 'http://127.0.0.1:1' } });
  await listTools(mcp);
  await listTools(down);
});
after(closeAll);

test('the selection is exactly the flows and workflows tools', async () => {
  assert.deepEqual((await listTools(mcp)).map((t) => t.name).sort(), [...FLOWS, ...WORKFLOWS].sort());
});

test('flows: create, list, read, disable, enable, run, delete', async () => {
  const created = await callOk(mcp, 'create_flow', { name: 'nightly', schedule: '0 3 * * 1-5', agent_profile: 'developer', provider: 'mock_cli', prompt_template: 'Run the nightly check.' }, coverage);
  assert.equal(created.flow.schedule, '0 3 * * mon-fri');
  assert.equal((await callOk(mcp, 'list_flows', {}, coverage)).flows[0].name, 'nightly');
  assert.equal((await callOk(mcp, 'get_flow', { name: 'nightly' }, coverage)).flow.prompt_template, 'Run the nightly check.');
  assert.equal((await callOk(mcp, 'set_flow_enabled', { name: 'nightly', enabled: false }, coverage)).flow.enabled, false);
  assert.equal((await callOk(mcp, 'set_flow_enabled', { name: 'nightly', enabled: true }, coverage)).flow.enabled, true);
  const ran = await callOk(mcp, 'run_flow', { name: 'nightly' }, coverage);
  assert.equal(ran.executed, true);
  await callOk(mcp, 'delete_flow', { name: 'nightly', shutdown_session: true }, coverage);
});

test('flows: failure paths', async () => {
  await callFail(down, 'list_flows', {}, /not reachable/, coverage);
  await callFail(mcp, 'get_flow', { name: 'no-such-flow' }, 'no-such-flow', coverage);
  await callFail(mcp, 'create_flow', { name: 'bad-cron', schedule: 'not a cron', agent_profile: 'developer', prompt_template: 'x' }, /cron|schedule/i, coverage);
  await callFail(mcp, 'set_flow_enabled', { name: 'no-such-flow', enabled: true }, 'no-such-flow', coverage);
  await callFail(mcp, 'run_flow', { name: 'no-such-flow' }, 'no-such-flow', coverage);
  await callFail(mcp, 'delete_flow', { name: 'no-such-flow' }, 'no-such-flow', coverage);
});

test('workflows: list, inspect, validate, submit, wait with progress, run to completion, list runs', async () => {
  const listed = await callOk(mcp, 'list_workflows', {}, coverage);
  assert.ok(JSON.stringify(listed).includes('ops_inputs'), JSON.stringify(listed));
  const spec = await callOk(mcp, 'get_workflow', { name: 'ops_inputs' }, coverage);
  assert.equal(spec.inputs.count.type, 'int');
  assert.equal(spec.inputs.count.default, 2);
  assert.equal(spec.inputs.verbose.default, false);
  const valid = await callOk(mcp, 'validate_workflow', { path: 'ops_inputs' }, coverage);
  assert.equal(valid.status, 'pass', JSON.stringify(valid));

  const submitted = await callOk(mcp, 'run_workflow', { name: 'ops_inputs', inputs: { target: 'build-42', count: 3 }, run_id: 'interop-inputs', wait_seconds: 0 }, coverage);
  assert.equal(submitted.state, 'running');
  const progress = [];
  const done = await callOk(mcp, 'get_workflow_run', { run_id: 'interop-inputs', wait_seconds: 60 }, coverage, { onprogress: (p) => progress.push(p) });
  assert.equal(done.state, 'completed', JSON.stringify(done));
  assert.ok(progress.some((p) => / running/.test(p.message ?? '')), `a progress notification names a running step: ${JSON.stringify(progress)}`);

  const waited = await callOk(mcp, 'run_workflow', { name: 'ops_inputs', inputs: { target: 'build-43', verbose: true }, wait_seconds: 60 }, coverage);
  assert.equal(waited.state, 'completed');
  assert.deepEqual(waited.output, { inputs: { target: 'build-43', count: 2, verbose: true }, answer: 'inspected build-43' });
  const runs = await callOk(mcp, 'list_workflow_runs', { state: 'completed' }, coverage);
  assert.equal(runs.runs.length, 2);
});

test('workflows: a long run is cancelled, then resumed with a rerun decision', async () => {
  const started = await callOk(mcp, 'run_workflow', { name: 'ops_long', run_id: 'interop-long', wait_seconds: 1 }, coverage);
  assert.equal(started.state, 'running');
  const cancelled = await callOk(mcp, 'cancel_workflow_run', { run_id: 'interop-long' }, coverage);
  assert.equal(cancelled.state, 'cancelled');
  const resumed = await callOk(mcp, 'resume_workflow_run', { run_id: 'interop-long', decisions: { slow: 'rerun' } }, coverage);
  assert.equal(resumed.state, 'completed');
  assert.deepEqual(resumed.output, { first: 'warm up', slow: 'slept' });
});

test('workflows: failure paths', async () => {
  await callFail(down, 'list_workflows', {}, /not reachable/, coverage);
  await callFail(mcp, 'get_workflow', { name: 'no_such_workflow' }, 'no_such_workflow', coverage);
  await callFail(mcp, 'validate_workflow', { path: 'no_such_workflow' }, 'no_such_workflow', coverage);
  await callFail(mcp, 'run_workflow', { name: 'ops_inputs', inputs: { target: 'build-42', count: '3' } }, "input 'count' must be an int", coverage);
  await callFail(mcp, 'get_workflow_run', { run_id: 'no-such-run' }, 'no-such-run', coverage);
  await callFail(down, 'list_workflow_runs', {}, /not reachable/, coverage);
  await callFail(mcp, 'cancel_workflow_run', { run_id: 'no-such-run' }, 'no-such-run', coverage);
  await callFail(mcp, 'resume_workflow_run', { run_id: 'no-such-run' }, 'no-such-run', coverage);
});

test('every flows and workflows tool was called on a success path and a failure path', () => {
  coverage.assertCovers([...FLOWS, ...WORKFLOWS]);
});
