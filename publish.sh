#!/usr/bin/env bash
# Publishes the Native-AOT binaries for a RID (default: this host's) into dist/<rid>/ — cao-ops (stdio MCP server and
# CLI) and cao-ops-http (the same server over Streamable HTTP, `serve --http`; a second executable so that Kestrel does
# not slow cao-ops' start-up) — and proves they run: each must print its version, natively or, for the other Linux architecture, under qemu-user with the target's
# sysroot. Native AOT does not cross-compile between operating systems: run this on each OS you ship for (publish.ps1 on
# Windows). Fails on any build, trim or AOT warning.
#
#   ./publish.sh [<rid>]          publish dist/<rid>/cao-ops (what CI runs; <rid> defaults to the host's)
#   ./publish.sh [<rid>] --pack   also pack the release artifacts for the RID into artifacts/ (see README.md, Releasing):
#                                   cao-ops-<version>-<rid>.tar.gz   both binaries + README.md + LICENSE
#                                   CaoOps.<version>.nupkg           .NET tool pointer package (types DotnetTool, McpServer)
#                                   CaoOps.<rid>.<version>.nupkg     RID package carrying the native binary
#                                   SHA256SUMS                       of every artifact of this version in artifacts/
#   ./publish.sh linux-arm64      on x64 Linux: cross-build with Debian's cross toolchain, then run it under
#                                 qemu-aarch64 -L /usr/aarch64-linux-gnu (linux-x64 on arm64 Linux likewise)
#   RID=<rid> ./publish.sh        the same as the argument (the argument wins)
#   QEMU_LD_PREFIX=<dir>          the target sysroot qemu runs a cross-built binary with (default /usr/<triple>)
set -euo pipefail
cd "$(dirname "$0")"

usage() { sed -n '2,19s/^# \{0,1\}//p' "$0"; }

pack=0
rid="${RID:-}"
for arg in "$@"; do
  case "$arg" in
    --pack) pack=1 ;;
    -h | --help) usage; exit 0 ;;
    linux-* | osx-* | win-*) rid="$arg" ;;
    *) echo "publish.sh: unknown argument '$arg' (expected a RID such as linux-arm64, --pack or --help)" >&2; exit 2 ;;
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

if [ -z "$rid" ]; then
  case "$host_os-$host_arch" in
    linux-x64 | linux-arm64 | osx-x64 | osx-arm64) rid="$host_os-$host_arch" ;;
    *) echo "publish.sh: unsupported host $(uname -s)-$(uname -m); pass a RID (on Windows use publish.ps1)" >&2; exit 2 ;;
  esac
fi
case "$rid" in
  linux-x64 | linux-arm64 | osx-x64 | osx-arm64 | win-x64 | win-arm64) ;;
  *) echo "publish.sh: unknown RID '$rid' (expected linux-x64, linux-arm64, osx-x64, osx-arm64, win-x64 or win-arm64)" >&2; exit 2 ;;
esac
rid_os="${rid%%-*}"
rid_arch="${rid##*-}"

# Which RIDs this host can build. Native AOT compiles and links with the target OS's own toolchain, so a RID of another
# OS cannot be built here at all; the other Linux architecture needs a cross toolchain (and qemu-user to prove it runs).
buildable() {
  case "$host_os" in
    linux)
      local other=arm64
      [ "$host_arch" != arm64 ] || other=x64
      echo "linux-$host_arch (native) and linux-$other (with Debian's cross toolchain and qemu-user)" ;;
    osx) echo "osx-arm64 and osx-x64 (Xcode's clang links both)" ;;
    *) echo "none with this script (use publish.ps1 on Windows)" ;;
  esac
}
if [ "$rid_os" != "$host_os" ]; then
  {
    echo "publish.sh: cannot build RID '$rid' on this $(uname -s) host: Native AOT does not cross-compile between operating systems."
    echo "  This host can build: $(buildable)."
    echo "  Build linux-* on Linux and osx-* on macOS with publish.sh, win-* on Windows with publish.ps1;"
    echo "  a release collects each OS runner's artifacts (.github/workflows/release.yml)."
  } >&2
  exit 2
fi

# Cross-architecture Linux: clang links with --target=<triple> (the ILCompiler sets it) through the cross binutils' ld.bfd,
# and finds crt files, libgcc and glibc of Debian's cross packages by itself. No SysRoot property: Debian's cross libc.so
# is a linker script with absolute paths (/usr/aarch64-linux-gnu/lib/...), which --sysroot=/usr/aarch64-linux-gnu would
# prefix a second time. The cross objcopy strips the symbols (llvm-objcopy is then not needed).
cross_props=()
run_with=()
if [ "$rid_os" = linux ] && [ "$rid_arch" != "$host_arch" ]; then
  case "$rid_arch" in
    arm64) triple=aarch64-linux-gnu pkg_triple=aarch64-linux-gnu deb_arch=arm64 qemu=qemu-aarch64 ;;
    x64) triple=x86_64-linux-gnu pkg_triple=x86-64-linux-gnu deb_arch=amd64 qemu=qemu-x86_64 ;;
  esac
  sysroot="${QEMU_LD_PREFIX:-/usr/$triple}"
  missing=()
  command -v clang >/dev/null 2>&1 || missing+=(clang)
  command -v "$triple-ld.bfd" >/dev/null 2>&1 && command -v "$triple-objcopy" >/dev/null 2>&1 || missing+=("binutils-$pkg_triple")
  compgen -G "/usr/lib/gcc-cross/$triple/*/crtbegin.o" >/dev/null || missing+=("gcc-$pkg_triple")
  [ -f "/usr/$triple/lib/libc.so" ] || missing+=("libc6-dev-$deb_arch-cross")
  command -v "$qemu" >/dev/null 2>&1 || missing+=(qemu-user)
  if [ "${#missing[@]}" -gt 0 ]; then
    {
      echo "publish.sh: cannot cross-build $rid on this linux-$host_arch host: the cross toolchain is incomplete."
      echo "  Missing (Debian/Ubuntu packages): ${missing[*]}"
      echo "  Install them:  apt-get install ${missing[*]}"
      echo "  (clang links, binutils-$pkg_triple provides $triple-ld.bfd and $triple-objcopy, gcc-$pkg_triple the crt"
      echo "  files and libgcc, libc6-dev-$deb_arch-cross glibc; qemu-user runs the result to prove it works.)"
      echo "  Or build $rid on a $rid machine/runner."
    } >&2
    exit 2
  fi
  cross_props=("-p:ObjCopyName=$triple-objcopy")
  run_with=("$qemu" -L "$sysroot")
  echo "publish.sh: cross-building $rid on linux-$host_arch with clang --target=$triple; then running it with ${run_with[*]}" >&2
elif [ "$rid_os" = osx ] && [ "$rid_arch" != "$host_arch" ] && [ "$rid_arch" = arm64 ]; then
  echo "publish.sh: an osx-arm64 binary cannot run on an Intel Mac, so this build could not be proven; build osx-arm64 on Apple silicon" >&2
  exit 2
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
run_dotnet publish publish "$proj" -c Release -r "$rid" -o "$out" ${cross_props[@]+"${cross_props[@]}"}
bin="$out/cao-ops"
[ -x "$bin" ] || { echo "publish.sh: $bin was not produced" >&2; exit 1; }
size=$(stat -c %s "$bin" 2>/dev/null || stat -f %z "$bin")
# Proof that the binary runs on its target: it must print its version (under qemu for the other Linux architecture).
runner="${run_with[*]+${run_with[*]}}"
if ! version="$(${run_with[@]+"${run_with[@]}"} "$bin" --version 2>"$log")" || ! printf '%s\n' "$version" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+'; then
  cat "$log" >&2
  echo "publish.sh: $bin was built ($size bytes) but did not print its version when run${runner:+ with $runner} (got '${version:-}')" >&2
  exit 1
fi
echo "Built $bin ($size bytes), $version${runner:+ (run with $runner)}"

# cao-ops-http: published on its own (its output folder also gets cao-ops' managed leftovers); only the binary is kept.
http_proj=src/CaoOps.Http/CaoOps.Http.csproj
http_stage="$(mktemp -d)"
echo "Publishing cao-ops-http for $rid into $out/ ..."
run_dotnet "publish (cao-ops-http)" publish "$http_proj" -c Release -r "$rid" -o "$http_stage" ${cross_props[@]+"${cross_props[@]}"}
[ -x "$http_stage/cao-ops-http" ] || { echo "publish.sh: cao-ops-http was not produced" >&2; exit 1; }
cp "$http_stage/cao-ops-http" "$out/cao-ops-http"
rm -rf "$http_stage"
http_bin="$out/cao-ops-http"
http_size=$(stat -c %s "$http_bin" 2>/dev/null || stat -f %z "$http_bin")
if ! http_version="$(${run_with[@]+"${run_with[@]}"} "$http_bin" --version 2>"$log")" || [ "$http_version" != "$version" ]; then
  cat "$log" >&2
  echo "publish.sh: $http_bin was built ($http_size bytes) but did not print version $version when run${runner:+ with $runner} (got '${http_version:-}')" >&2
  exit 1
fi
echo "Built $http_bin ($http_size bytes), $http_version${runner:+ (run with $runner)}"

[ "$pack" = 1 ] || exit 0

art=artifacts
mkdir -p "$art"
echo "Packing $id $version for $rid into $art/ ..."
# Two packs, in sequence (they share obj/): the RID-less pointer package, then the RID package. With PublishAot the
# SDK never makes RID packages from the first command, and the second one runs the AOT publish for the RID
# (incremental after the publish above).
run_dotnet "pack (pointer package)" pack "$proj" -c Release -o "$art"
run_dotnet "pack ($rid package)" pack "$proj" -c Release -r "$rid" -o "$art" ${cross_props[@]+"${cross_props[@]}"}
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
