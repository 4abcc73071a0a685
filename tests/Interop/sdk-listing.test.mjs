// The official TypeScript SDK client lists the tools of every selection: default, each named toolset, all,
// read-only, and a fleet. listTools parses every tool with the SDK's own schema (outputSchema included) and
// compiles an output validator per tool; the names match what `cao-ops tools` prints for the same flags.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { API, Coverage, callFail, callOk, cliTools, close, closeAll, connect, listTools } from './lib/harness.mjs';
import { fleetJson, selections } from './lib/selections.mjs';

const dir = mkdtempSync(join(tmpdir(), 'cao-ops-interop-'));
const fleetFile = join(dir, 'fleet.json');
const coverage = new Coverage();

before(() => writeFileSync(fleetFile, fleetJson(API)));
after(async () => {
  await closeAll();
  rmSync(dir, { recursive: true, force: true });
});

const SELECTIONS = selections(fleetFile);

describe('listTools, every selection', { concurrency: 3 }, () => {
  for (const selection of SELECTIONS) {
    test(`listTools: ${selection.name} (${selection.args.join(' ') || 'no flags'})`, async () => {
      const session = await connect({ args: selection.args });
      try {
        const tools = await listTools(session);
        const names = tools.map((t) => t.name);
        const declared = await cliTools(selection.args);
        assert.deepEqual(names, declared.map((t) => t.name), 'tools/list names equal `cao-ops tools` for the same flags');
        assert.equal(new Set(names).size, names.length, 'no duplicate names');
        for (const n of selection.has) assert.ok(names.includes(n), `${selection.name} includes ${n}`);
        for (const n of selection.lacks) assert.ok(!names.includes(n), `${selection.name} excludes ${n}`);
        for (const tool of tools) {
          assert.equal(tool.inputSchema.type, 'object', `${tool.name}: inputSchema is an object schema`);
          assert.equal(tool.outputSchema?.type, 'object', `${tool.name}: declares an object outputSchema`);
          assert.ok(tool.title, `${tool.name}: has a title`);
          // Annotations state what differs from MCP's defaults; read with the defaults they are the declared hints.
          const hints = declared.find((t) => t.name === tool.name).annotations;
          const a = tool.annotations ?? {};
          assert.equal(a.readOnlyHint ?? false, hints.readOnlyHint, `${tool.name}: readOnlyHint`);
          assert.equal(a.openWorldHint ?? true, hints.openWorldHint, `${tool.name}: openWorldHint`);
          if (!hints.readOnlyHint) {
            assert.equal(a.destructiveHint ?? true, hints.destructiveHint, `${tool.name}: destructiveHint`);
            assert.equal(a.idempotentHint ?? false, hints.idempotentHint, `${tool.name}: idempotentHint`);
          }
          assert.ok(session.client.getToolOutputValidator(tool.name), `${tool.name}: the SDK compiled its outputSchema`);
          if (selection.args.includes('--read-only')) {
            assert.equal(tool.annotations.readOnlyHint, true, `${tool.name}: read-only selection holds only read-only tools`);
          }
        }
      } finally {
        await close(session);
      }
    });
  }
});

test('fleet: list_nodes on a success path and a failure path', async () => {
  const session = await connect({ args: ['--toolsets', 'fleet', '--fleet', fleetFile] });
  try {
    await listTools(session);
    const nodes = await callOk(session, 'list_nodes', {}, coverage);
    assert.ok(JSON.stringify(nodes).includes('local'), `list_nodes names the node: ${JSON.stringify(nodes)}`);
    await callFail(session, 'list_nodes', { bogus: 1 }, /bogus/, coverage);
  } finally {
    await close(session);
  }
  coverage.assertCovers(['list_nodes']);
});

test('an unknown tool is a protocol error the SDK surfaces, and the server keeps serving', async () => {
  const session = await connect();
  try {
    await listTools(session);
    await assert.rejects(session.client.callTool({ name: 'no_such_tool', arguments: {} }), (e) => /no_such_tool/.test(String(e?.message ?? e)) || e?.code === -32602);
    assert.ok((await session.client.ping()) !== undefined);
  } finally {
    await close(session);
  }
});
