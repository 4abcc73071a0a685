#!/usr/bin/env bash
# Publishes the Native-AOT binaries for this host into dist/<rid>/: cao-ops (stdio MCP server and CLI) and cao-ops-http
# (the same server over Streamable HTTP, `serve --http`; a second executable so that Kestrel does not slow cao-ops' start-up).
# Native AOT does not cross-compile between operating systems: run this script on each OS you ship for
# (publish.ps1 on Windows). Fails on any build, trim or AOT warning.
#
#   ./publish.sh            publish dist/<rid>/cao-ops and dist/<rid>/cao-ops-http (what CI runs)
#   ./publish.sh --pack     also pack the release artifacts for this RID into artifacts/ (see docs-install.md):
#                             cao-ops-<version>-<rid>.tar.gz   both binaries + README.md + LICENSE
#                             CaoOps.<version>.nupkg           .NET tool pointer package (types DotnetTool, McpServer)
#                             CaoOps.<rid>.<version>.nupkg     RID package carrying the native binary
#                             SHA256SUMS                       of every artifact of this version in artifacts/
#   RID=<rid> ./publish.sh  pick the RID (default: the host's); only RIDs of this host's OS can be built.
set -euo pipefail
cd "$(dirname "$0")"

usage() { sed -n '2,12s/^# \{0,1\}//p' "$0"; }

pack=0
for arg in "$@"; do
  case "$arg" in
    --pack) pack=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "publish.sh: unknown argument '$arg' (expected --pack or --help)" >&2; exit 2 ;;
  esac
done

case "$(uname -s)" in
  Linux) host_os=linux ;;
  Darwin) host_os=osx ;;
  *) host_os=other ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) host_arch=x64 ;;
  aarch64 | arm64) host_arch=arm64 ;;
  *) host_arch=other ;;
esac

rid="${RID:-}"
if [ -z "$rid" ]; then
  case "$host_os-$host_arch" in
    linux-x64 | linux-arm64 | osx-x64 | osx-arm64) rid="$host_os-$host_arch" ;;
    *) echo "publish.sh: unsupported host $(uname -s)-$(uname -m); set RID=<rid> (on Windows use publish.ps1)" >&2; exit 2 ;;
  esac
fi

# Which RIDs this host can build. Native AOT compiles and links with the target OS's own toolchain, so a RID of
# another OS cannot be built here at all; another architecture of the same OS needs a cross toolchain.
buildable() {
  case "$host_os" in
    linux)
      local other=arm64
      [ "$host_arch" != arm64 ] || other=x64
      echo "linux-$host_arch (native); linux-$other only with a cross toolchain (clang, lld and a linux-$other sysroot)" ;;
    osx) echo "osx-arm64 and osx-x64 (Xcode's clang links both)" ;;
    *) echo "none with this script (use publish.ps1 on Windows)" ;;
  esac
}
rid_os="${rid%%-*}"
if [ "$rid_os" != "$host_os" ]; then
  {
    echo "publish.sh: cannot build RID '$rid' on this $(uname -s) host: Native AOT does not cross-compile between operating systems."
    echo "  This host can build: $(buildable)."
    echo "  Build linux-* on Linux and osx-* on macOS with publish.sh, win-* on Windows with publish.ps1;"
    echo "  a release collects each OS runner's artifacts (see docs-install.md, \"Releasing\")."
  } >&2
  exit 2
fi
if [ "${rid##*-}" != "$host_arch" ] && [ "$host_os" = linux ]; then
  if ! command -v clang >/dev/null 2>&1; then
    {
      echo "publish.sh: cannot build RID '$rid' on this $host_os-$host_arch host: cross-architecture Native AOT links with clang and"
      echo "  lld against a $rid sysroot, and clang is not installed (gcc fails with '--target'). This host can build: $(buildable)."
      echo "  Build $rid on a $rid machine/runner instead (see docs-install.md, \"Releasing\")."
    } >&2
    exit 2
  fi
  echo "publish.sh: note: $rid is not this host's architecture ($host_os-$host_arch); linking needs clang, lld and a $rid sysroot." >&2
fi

proj=src/CaoOps/CaoOps.csproj
log="$(mktemp)"
stage=""
http_stage=""
trap 'rm -f "$log"; [ -z "$stage" ] || rm -rf "$stage"; [ -z "$http_stage" ] || rm -rf "$http_stage"' EXIT

# Runs a dotnet command quietly; shows its log and stops on failure or on any build/trim/AOT/NuGet warning.
run_dotnet() {
  local what="$1"
  shift
  if ! dotnet "$@" -warnaserror -nologo -clp:NoSummary >"$log" 2>&1; then
    cat "$log" >&2
    echo "publish.sh: $what failed" >&2
    exit 1
  fi
  if grep -E "warning (IL|CS|CA|NU)[0-9]+" "$log" >&2; then
    echo "publish.sh: the $what produced warnings (see above); zero are allowed" >&2
    exit 1
  fi
}

if [ "$pack" = 1 ]; then
  # Package id, version (Directory.Build.props <Version>) and the RID list of the pointer package, from MSBuild itself.
  props="$(dotnet msbuild "$proj" -nologo -p:Configuration=Release -getProperty:PackageId -getProperty:PackageVersion -getProperty:ToolPackageRuntimeIdentifiers)"
  prop() { printf '%s\n' "$props" | sed -n "s/^ *\"$1\": *\"\\(.*\\)\",\\{0,1\\}\$/\\1/p"; }
  id="$(prop PackageId)"
  version="$(prop PackageVersion)"
  tool_rids="$(prop ToolPackageRuntimeIdentifiers)"
  if [ -z "$id" ] || [ -z "$version" ] || [ -z "$tool_rids" ]; then
    echo "$props" >&2
    echo "publish.sh: could not read PackageId/PackageVersion/ToolPackageRuntimeIdentifiers from $proj" >&2
    exit 1
  fi
  case ";$tool_rids;" in
    *";$rid;"*) ;;
    *) echo "publish.sh: RID '$rid' is not in ToolPackageRuntimeIdentifiers ($tool_rids) of $proj: the pointer package would not point at its package" >&2; exit 2 ;;
  esac
fi

out="dist/$rid"
echo "Publishing cao-ops for $rid into $out/ ..."
run_dotnet publish publish "$proj" -c Release -r "$rid" -o "$out"
bin="$out/cao-ops"
[ -x "$bin" ] || { echo "publish.sh: $bin was not produced" >&2; exit 1; }
size=$(stat -c %s "$bin" 2>/dev/null || stat -f %z "$bin")
echo "Built $bin ($size bytes), $("$bin" --version)"

# cao-ops-http: published on its own (its output folder also gets cao-ops' managed leftovers); only the binary is kept.
http_proj=src/CaoOps.Http/CaoOps.Http.csproj
http_stage="$(mktemp -d)"
echo "Publishing cao-ops-http for $rid into $out/ ..."
run_dotnet "publish (cao-ops-http)" publish "$http_proj" -c Release -r "$rid" -o "$http_stage"
[ -x "$http_stage/cao-ops-http" ] || { echo "publish.sh: cao-ops-http was not produced" >&2; exit 1; }
cp "$http_stage/cao-ops-http" "$out/cao-ops-http"
http_bin="$out/cao-ops-http"
http_size=$(stat -c %s "$http_bin" 2>/dev/null || stat -f %z "$http_bin")
echo "Built $http_bin ($http_size bytes), $("$http_bin" --version)"

[ "$pack" = 1 ] || exit 0

art=artifacts
mkdir -p "$art"
echo "Packing $id $version for $rid into $art/ ..."
# Two packs, in sequence (they share obj/): the RID-less pointer package, then the RID package. With PublishAot the
# SDK never makes RID packages from the first command, and the second one runs the AOT publish for the RID
# (incremental after the publish above).
run_dotnet "pack (pointer package)" pack "$proj" -c Release -o "$art"
run_dotnet "pack ($rid package)" pack "$proj" -c Release -r "$rid" -o "$art"
for f in "$art/$id.$version.nupkg" "$art/$id.$rid.$version.nupkg"; do
  [ -f "$f" ] || { echo "publish.sh: $f was not produced" >&2; exit 1; }
done

# Release archive: cao-ops-<version>-<rid>/{cao-ops,README.md,LICENSE}.
name="cao-ops-$version-$rid"
stage="$(mktemp -d)"
mkdir "$stage/$name"
cp "$bin" "$stage/$name/cao-ops"
chmod 755 "$stage/$name/cao-ops"
cp "$http_bin" "$stage/$name/cao-ops-http"
chmod 755 "$stage/$name/cao-ops-http"
for doc in README.md LICENSE; do
  if [ -f "$doc" ]; then
    cp "$doc" "$stage/$name/$doc"
    chmod 644 "$stage/$name/$doc"
  else
    echo "publish.sh: warning: $doc is missing at the repository root; $name.tar.gz ships without it" >&2
  fi
done
rm -f "$art/$name.tar.gz"
COPYFILE_DISABLE=1 tar -C "$stage" -czf "$art/$name.tar.gz" "$name"

# SHA256SUMS over every artifact of this version present in artifacts/ (archives and packages of every RID).
sums=()
for p in "$art/cao-ops-$version-"*.tar.gz "$art/cao-ops-$version-"*.zip "$art/$id.$version.nupkg"; do
  if [ -f "$p" ]; then sums+=("${p#"$art/"}"); fi
done
IFS=';' read -r -a all_rids <<<"$tool_rids"
for r in "${all_rids[@]}"; do
  if [ -f "$art/$id.$r.$version.nupkg" ]; then sums+=("$id.$r.$version.nupkg"); fi
done
if command -v sha256sum >/dev/null 2>&1; then sha=(sha256sum); else sha=(shasum -a 256); fi
(cd "$art" && "${sha[@]}" "${sums[@]}" >SHA256SUMS)

echo "Packed into $art/:"
(cd "$art" && for f in "${sums[@]}"; do printf '  %-40s %10s bytes\n' "$f" "$(stat -c %s "$f" 2>/dev/null || stat -f %z "$f")"; done)
echo "  SHA256SUMS"
echo "Try it offline: dotnet tool install -g $id --source $art   or   dotnet dnx $id@$version --source $art --yes -- --version"
