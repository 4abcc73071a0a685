#!/usr/bin/env bash
# Publishes the Native-AOT cao-ops binary for this host into dist/<rid>/.
# Native AOT does not cross-compile between operating systems: run this script on each OS you ship for
# (publish.ps1 on Windows). Fails on any build, trim or AOT warning.
set -euo pipefail
cd "$(dirname "$0")"

rid="${RID:-}"
if [ -z "$rid" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) rid=linux-x64 ;;
    Linux-aarch64) rid=linux-arm64 ;;
    Darwin-x86_64) rid=osx-x64 ;;
    Darwin-arm64) rid=osx-arm64 ;;
    *) echo "publish.sh: unsupported host $(uname -s)-$(uname -m); set RID=<rid>" >&2; exit 2 ;;
  esac
fi

out="dist/$rid"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "Publishing cao-ops for $rid into $out/ ..."
if ! dotnet publish src/CaoOps/CaoOps.csproj -c Release -r "$rid" -o "$out" -warnaserror -nologo -clp:NoSummary >"$log" 2>&1; then
  cat "$log" >&2
  echo "publish.sh: publish failed" >&2
  exit 1
fi
if grep -E "warning (IL|CS|CA|NU)[0-9]+" "$log" >&2; then
  echo "publish.sh: the publish produced warnings (see above); zero are allowed" >&2
  exit 1
fi
bin="$out/cao-ops"
[ -x "$bin" ] || { echo "publish.sh: $bin was not produced" >&2; exit 1; }
size=$(stat -c %s "$bin" 2>/dev/null || stat -f %z "$bin")
echo "Built $bin ($size bytes), $("$bin" --version)"
