// Shared helpers of the interop suite: the published cao-ops binary (CAO_OPS_BIN) driven by the official
// TypeScript SDK client over stdio, pointed at the CAO API double (CAO_API_URL). Every step is bounded.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const BIN = required('CAO_OPS_BIN');
export const API = required('CAO_API_URL');

/** Timeout of one MCP request (generous: a loaded 2-core machine). */
export const REQUEST_MS = 30_000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this suite through 'dotnet test' (tests/CaoOps.E2E.Tests/Interop), which sets it`);
  }
  return value;
}

/** Settings of cao-ops a run must not inherit from the machine (as the C# harness scrubs them). */
const SCRUBBED = /^CAO_/;

/** The environment for the binary: the machine's minus every CAO_* setting, plus CAO_API_URL and `extra`. */
export function serverEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!SCRUBBED.test(k) && v !== undefined) env[k] = v;
  }
  return { ...env, CAO_API_URL: API, ...extra };
}

const open = new Set();

/**
 * Starts `cao-ops mcp <args>` and connects the SDK client. `protocolVersion` rewrites the version the client asks
 * for in initialize (the SDK always asks for its latest); `negotiated` then holds what the server answered.
 */
export async function connect({ args = [], env = {}, protocolVersion, name = 'cao-ops-interop' } = {}) {
  const transport = new StdioClientTransport({ command: BIN, args: ['mcp', ...args], env: serverEnv(env), stderr: 'pipe' });
  const stderr = [];
  transport.stderr?.on('data', (chunk) => stderr.push(String(chunk)));
  const session = { transport, args, stderr: () => stderr.join(''), negotiated: undefined };
  if (protocolVersion) {
    const send = transport.send.bind(transport);
    transport.send = (message, options) => {
      if (message.method === 'initialize') {
        message = { ...message, params: { ...message.params, protocolVersion } };
      }
      return send(message, options);
    };
  }
  // The client tells an HTTP transport the negotiated version; stdio has no such hook, so this one only records it.
  transport.setProtocolVersion = (v) => { session.negotiated = v; };
  const client = new Client({ name, version: '1.0.0' }, { capabilities: {} });
  session.client = client;
  open.add(session);
  await client.connect(transport, { timeout: REQUEST_MS });
  return session;
}

/** Closes a session (stdin closed, then the SDK's SIGTERM/SIGKILL escalation). */
export async function close(session) {
  if (!open.delete(session)) return;
  // The SDK closes stdin, then escalates to SIGTERM and SIGKILL until the child has exited.
  const pid = session.transport.pid;
  const closed = await Promise.race([session.client.close().then(() => true), delay(15_000).then(() => false)]);
  if (!closed && pid) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}

/** Closes every session still open (for after() hooks). */
export async function closeAll() {
  await Promise.all([...open].map(close));
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Polls `condition` until true or `ms` pass (no sleeps as synchronisation). */
export async function eventually(condition, what, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await delay(25);
  }
}

/** Names of the tools `cao-ops tools <args>` prints: the reference the SDK's listTools is compared with. */
export async function cliToolNames(args = []) {
  return (await cliTools(args)).map((t) => t.name);
}

/** `cao-ops tools` for the same flags: every tool with its declared hints, spelled out. */
export function cliTools(args = []) {
  return new Promise((resolve, reject) => {
    execFile(BIN, ['tools', ...args], { env: serverEnv(), timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`cao-ops tools ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

/** Records which tools were called on a success path and on a failure path, per file. */
export class Coverage {
  constructor() {
    this.ok = new Set();
    this.failed = new Set();
  }

  /** Asserts every one of `names` was called both ways. */
  assertCovers(names) {
    const missingOk = names.filter((n) => !this.ok.has(n));
    const missingFail = names.filter((n) => !this.failed.has(n));
    assert.deepEqual({ missingOk, missingFail }, { missingOk: [], missingFail: [] }, 'every tool is called on a success path and on a failure path');
  }
}

/**
 * Calls a tool through the SDK (which validates structuredContent against the tool's outputSchema itself; listTools
 * must have run on this client) and asserts it succeeded. Returns structuredContent.
 */
export async function callOk(session, name, args = {}, coverage, options = {}) {
  const validator = session.client.getToolOutputValidator(name);
  assert.ok(validator, `the SDK compiled no output validator for ${name}: call listTools first, and every tool declares an outputSchema`);
  const result = await session.client.callTool({ name, arguments: args }, undefined, { timeout: REQUEST_MS, ...options });
  const text = result.content?.map((c) => c.text ?? '').join('\n');
  assert.equal(result.isError ?? false, false, `${name}(${JSON.stringify(args)}) failed: ${text}`);
  assert.ok(result.structuredContent, `${name} returned no structuredContent`);
  // The SDK already validated it; check explicitly too, so a silently skipped validation cannot pass.
  const checked = validator(result.structuredContent);
  assert.ok(checked.valid, `${name}: structuredContent does not match its outputSchema: ${checked.errorMessage}`);
  coverage?.ok.add(name);
  return result.structuredContent;
}

/**
 * Calls a tool expected to fail as a tool error (isError, with a message saying what to do), not a protocol error.
 * Returns the error text. `expect` is a substring or RegExp the text must contain.
 */
export async function callFail(session, name, args, expect, coverage) {
  const result = await session.client.callTool({ name, arguments: args }, undefined, { timeout: REQUEST_MS });
  const text = result.content?.map((c) => c.text ?? '').join('\n') ?? '';
  assert.equal(result.isError, true, `${name}(${JSON.stringify(args)}) should have failed but answered: ${text}`);
  if (result.structuredContent) {
    const checked = session.client.getToolOutputValidator(name)?.(result.structuredContent);
    assert.ok(!checked || checked.valid, `${name}: error structuredContent does not match its outputSchema: ${checked?.errorMessage}`);
  }
  if (expect instanceof RegExp) assert.match(text, expect);
  else if (expect) assert.ok(text.includes(expect), `${name} error should contain ${JSON.stringify(expect)}: ${text}`);
  coverage?.failed.add(name);
  return text;
}

/** Lists tools with the SDK (which parses them with its own schema) and returns them. */
export async function listTools(session) {
  try {
    const { tools } = await session.client.listTools(undefined, { timeout: REQUEST_MS });
    return tools;
  } catch (e) {
    // The SDK's schema errors name tools by index (tools.8.outputSchema…): add the names `cao-ops tools` gives them.
    const names = Array.isArray(e?.issues) ? await cliToolNames(session.args).catch(() => []) : [];
    const named = describe(e).replace(/\btools\.(\d+)\./g, (m, i) => (names[i] ? `tools.${i} (${names[i]}).` : m));
    throw new Error(`the SDK client rejected tools/list: ${named}`, { cause: e });
  }
}

/** An error as one readable text; the SDK's schema errors (zod) list each issue with its path. */
export function describe(e) {
  if (Array.isArray(e?.issues)) {
    return `${e.issues.length} schema issue(s): ` + e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  }
  return e?.message || String(e);
}
