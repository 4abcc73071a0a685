# Publishes the Native-AOT binaries cao-ops and cao-ops-http (serve --http) for a RID (default: this host's) into
# dist/<rid>/ and proves they run: each must print its version, natively or, for the other Linux architecture, under qemu-user with the target's
# sysroot. Native AOT does not cross-compile between operating systems: run it on each OS you ship for (Windows, or
# PowerShell on Linux/macOS, where it does what publish.sh does). Fails on any build, trim or AOT warning.
#
#   ./publish.ps1 [<rid>]          publish dist/<rid>/cao-ops[.exe] (<rid> defaults to the host's)
#   ./publish.ps1 [<rid>] -Pack    also pack the release artifacts for the RID into artifacts/ (see README.md, Releasing):
#                                    cao-ops-<version>-<rid>.zip (win-*) or .tar.gz   both binaries + README.md + LICENSE
#                                    CaoOps.<version>.nupkg          .NET tool pointer package (types DotnetTool, McpServer)
#                                    CaoOps.<rid>.<version>.nupkg    RID package carrying the native binary
#                                    SHA256SUMS                      of every artifact of this version in artifacts/
#   ./publish.ps1 linux-arm64      on x64 Linux: cross-build with Debian's cross toolchain, then run it under
#                                  qemu-aarch64 -L /usr/aarch64-linux-gnu (linux-x64 on arm64 Linux likewise)
#   ./publish.ps1 -Rid <rid>       the same as the positional RID; $env:RID is used when neither is given
#   $env:QEMU_LD_PREFIX            the target sysroot qemu runs a cross-built binary with (default /usr/<triple>)
[CmdletBinding()]
param([Parameter(Position = 0)][string]$Rid, [switch]$Pack)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

$onWindows = $IsWindows -or $env:OS -eq 'Windows_NT'
$hostOs = if ($onWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
$arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture
$hostCpu = switch ($arch) { 'X64' { 'x64' } 'Arm64' { 'arm64' } default { $null } }
if (-not $Rid) { $Rid = $env:RID }
if (-not $Rid) {
    if (-not $hostCpu) { throw "unsupported architecture $arch; pass a RID" }
    $Rid = "$hostOs-$hostCpu"
}
$known = 'linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64', 'win-x64', 'win-arm64'
if ($known -notcontains $Rid) { throw "unknown RID '$Rid' (expected $($known -join ', '))" }
$ridOs, $ridCpu = $Rid -split '-', 2

# Which RIDs this host can build: Native AOT compiles and links with the target OS's own toolchain, so a RID of another
# OS cannot be built here at all; the other Linux architecture needs a cross toolchain (and qemu-user to prove it runs).
$buildable = switch ($hostOs) {
    'win' { 'win-x64 and win-arm64 (each needs the Visual Studio C++ build tools for that architecture; a binary of the other architecture runs only where Windows can run it)' }
    'osx' { "osx-arm64 and osx-x64 (Xcode's clang links both)" }
    default { "linux-$hostCpu (native) and the other linux architecture (with Debian's cross toolchain and qemu-user)" }
}
if ($ridOs -ne $hostOs) {
    throw ("cannot build RID '$Rid' on this $hostOs host: Native AOT does not cross-compile between operating systems.`n" +
        "  This host can build: $buildable.`n" +
        "  Build win-* on Windows with publish.ps1, linux-* and osx-* on Linux and macOS with publish.sh (or publish.ps1);`n" +
        "  a release collects each OS runner's artifacts (.github/workflows/release.yml).")
}

# Cross-architecture Linux, as in publish.sh: clang links with --target=<triple> through the cross binutils' ld.bfd and
# finds Debian's cross crt files, libgcc and glibc itself (no SysRoot: Debian's cross libc.so has absolute paths).
$crossProps = @()
$runWith = @()
if ($ridOs -eq 'linux' -and $ridCpu -ne $hostCpu) {
    $cross = if ($ridCpu -eq 'arm64') {
        @{ Triple = 'aarch64-linux-gnu'; PkgTriple = 'aarch64-linux-gnu'; DebArch = 'arm64'; Qemu = 'qemu-aarch64' }
    } else {
        @{ Triple = 'x86_64-linux-gnu'; PkgTriple = 'x86-64-linux-gnu'; DebArch = 'amd64'; Qemu = 'qemu-x86_64' }
    }
    $t = $cross.Triple
    $sysroot = if ($env:QEMU_LD_PREFIX) { $env:QEMU_LD_PREFIX } else { "/usr/$t" }
    $missing = @()
    if (-not (Get-Command clang -ErrorAction SilentlyContinue)) { $missing += 'clang' }
    if (-not (Get-Command "$t-ld.bfd" -ErrorAction SilentlyContinue) -or -not (Get-Command "$t-objcopy" -ErrorAction SilentlyContinue)) { $missing += "binutils-$($cross.PkgTriple)" }
    if (-not (Test-Path "/usr/lib/gcc-cross/$t/*/crtbegin.o")) { $missing += "gcc-$($cross.PkgTriple)" }
    if (-not (Test-Path "/usr/$t/lib/libc.so")) { $missing += "libc6-dev-$($cross.DebArch)-cross" }
    if (-not (Get-Command $cross.Qemu -ErrorAction SilentlyContinue)) { $missing += 'qemu-user' }
    if ($missing.Count -gt 0) {
        throw ("cannot cross-build $Rid on this linux-$hostCpu host: the cross toolchain is incomplete.`n" +
            "  Missing (Debian/Ubuntu packages): $($missing -join ' ')`n" +
            "  Install them:  apt-get install $($missing -join ' ')`n" +
            "  Or build $Rid on a $Rid machine/runner.")
    }
    $crossProps = @("-p:ObjCopyName=$t-objcopy")
    $runWith = @($cross.Qemu, '-L', $sysroot)
    Write-Host "cross-building $Rid on linux-$hostCpu with clang --target=$t; then running it with $($runWith -join ' ')"
} elseif ($ridOs -eq 'osx' -and $ridCpu -ne $hostCpu -and $ridCpu -eq 'arm64') {
    throw "an osx-arm64 binary cannot run on an Intel Mac, so this build could not be proven; build osx-arm64 on Apple silicon"
}

$proj = 'src/CaoOps/CaoOps.csproj'

# Runs dotnet; shows its log and stops on failure or on any build/trim/AOT/NuGet warning.
function Invoke-DotNet([string]$What, [string[]]$Arguments) {
    $saved = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'   # dotnet's stderr must not become a terminating error (Windows PowerShell 5.1)
    try { $log = & dotnet @Arguments -warnaserror -nologo 2>&1 | ForEach-Object { "$_" } }
    finally { $ErrorActionPreference = $saved }
    if ($LASTEXITCODE -ne 0) { $log | Write-Host; throw "$What failed" }
    $warnings = $log | Select-String -Pattern 'warning (IL|CS|CA|NU)\d+'
    if ($warnings) { $warnings | Write-Host; throw "the $What produced warnings; zero are allowed" }
}

if ($Pack) {
    # Package id, version (Directory.Build.props <Version>) and the RID list of the pointer package, from MSBuild itself.
    $json = & dotnet msbuild $proj -nologo -p:Configuration=Release -getProperty:PackageId -getProperty:PackageVersion -getProperty:ToolPackageRuntimeIdentifiers
    if ($LASTEXITCODE -ne 0) { $json | Write-Host; throw "could not evaluate $proj" }
    $props = ($json -join "`n" | ConvertFrom-Json).Properties
    $id = $props.PackageId
    $version = $props.PackageVersion
    $toolRids = @($props.ToolPackageRuntimeIdentifiers -split ';' | Where-Object { $_ })
    if (-not $id -or -not $version -or $toolRids.Count -eq 0) { throw "could not read PackageId/PackageVersion/ToolPackageRuntimeIdentifiers from $proj" }
    if ($toolRids -notcontains $Rid) {
        throw "RID '$Rid' is not in ToolPackageRuntimeIdentifiers ($($toolRids -join ';')) of ${proj}: the pointer package would not point at its package"
    }
}

$out = Join-Path 'dist' $Rid
Write-Host "Publishing cao-ops for $Rid into $out/ ..."
Invoke-DotNet 'publish' (@('publish', $proj, '-c', 'Release', '-r', $Rid, '-o', $out) + $crossProps)

$exe = if ($Rid.StartsWith('win')) { 'cao-ops.exe' } else { 'cao-ops' }
$bin = Join-Path $out $exe
if (-not (Test-Path $bin)) { throw "$bin was not produced" }
$size = (Get-Item $bin).Length
# Proof that the binary runs on its target: it must print its version (under qemu for the other Linux architecture).
$saved = $ErrorActionPreference
$ErrorActionPreference = 'Continue'
try {
    $version = if ($runWith.Count -gt 0) { & $runWith[0] @($runWith[1..($runWith.Count - 1)] + $bin + '--version') 2>&1 } else { & $bin --version 2>&1 }
    $runExit = $LASTEXITCODE
} catch {
    $version = "$_"
    $runExit = 1
} finally { $ErrorActionPreference = $saved }
$version = ($version | ForEach-Object { "$_" }) -join "`n"
$how = if ($runWith.Count -gt 0) { " with $($runWith -join ' ')" } else { '' }
if ($runExit -ne 0 -or $version -notmatch '^\d+\.\d+\.\d+') {
    throw "$bin was built ($size bytes) but did not print its version when run$how (got '$version')"
}
Write-Host "Built $bin ($size bytes), $version$(if ($how) { " (run$how)" })"

# cao-ops-http (serve --http): a second executable, so Kestrel does not slow cao-ops' start-up. Published into a
# temporary folder (which also gets cao-ops' managed leftovers); only the binary is kept.
$httpExe = if ($Rid.StartsWith('win')) { 'cao-ops-http.exe' } else { 'cao-ops-http' }
$httpStage = Join-Path ([System.IO.Path]::GetTempPath()) ([System.IO.Path]::GetRandomFileName())
try {
    Write-Host "Publishing cao-ops-http for $Rid into $out/ ..."
    Invoke-DotNet 'publish (cao-ops-http)' (@('publish', 'src/CaoOps.Http/CaoOps.Http.csproj', '-c', 'Release', '-r', $Rid, '-o', $httpStage) + $crossProps)
    if (-not (Test-Path (Join-Path $httpStage $httpExe))) { throw "$httpExe was not produced" }
    Copy-Item (Join-Path $httpStage $httpExe) (Join-Path $out $httpExe) -Force
} finally {
    if (Test-Path $httpStage) { Remove-Item -Recurse -Force $httpStage }
}
$httpBin = Join-Path $out $httpExe
$ErrorActionPreference = 'Continue'
try {
    $httpVersion = if ($runWith.Count -gt 0) { & $runWith[0] @($runWith[1..($runWith.Count - 1)] + $httpBin + '--version') 2>&1 } else { & $httpBin --version 2>&1 }
    $httpExit = $LASTEXITCODE
} catch {
    $httpVersion = "$_"
    $httpExit = 1
} finally { $ErrorActionPreference = $saved }
$httpVersion = ($httpVersion | ForEach-Object { "$_" }) -join "`n"
if ($httpExit -ne 0 -or $httpVersion -ne $version) {
    throw "$httpBin was built but did not print version $version when run$how (got '$httpVersion')"
}
Write-Host "Built $httpBin ($((Get-Item $httpBin).Length) bytes), $httpVersion$(if ($how) { " (run$how)" })"

if (-not $Pack) { return }

$art = Join-Path $PSScriptRoot 'artifacts'
New-Item -ItemType Directory -Force -Path $art | Out-Null
Write-Host "Packing $id $version for $Rid into artifacts/ ..."
# Two packs, in sequence (they share obj/): the RID-less pointer package, then the RID package. With PublishAot the SDK
# never makes RID packages from the first command; the second runs the AOT publish for the RID (incremental after the above).
Invoke-DotNet 'pack (pointer package)' @('pack', $proj, '-c', 'Release', '-o', $art)
Invoke-DotNet "pack ($Rid package)" (@('pack', $proj, '-c', 'Release', '-r', $Rid, '-o', $art) + $crossProps)
foreach ($f in @("$id.$version.nupkg", "$id.$Rid.$version.nupkg")) {
    if (-not (Test-Path (Join-Path $art $f))) { throw "artifacts/$f was not produced" }
}

# Release archive: cao-ops-<version>-<rid>/{cao-ops[.exe],cao-ops-http[.exe],README.md,LICENSE}; .zip for Windows, .tar.gz otherwise.
$name = "cao-ops-$version-$Rid"
$stage = Join-Path ([System.IO.Path]::GetTempPath()) ([System.IO.Path]::GetRandomFileName())
$dir = Join-Path $stage $name
New-Item -ItemType Directory -Force -Path $dir | Out-Null
try {
    Copy-Item $bin (Join-Path $dir $exe)
    Copy-Item $httpBin (Join-Path $dir $httpExe)
    foreach ($doc in 'README.md', 'LICENSE') {
        if (Test-Path $doc) { Copy-Item $doc (Join-Path $dir $doc) }
        else { Write-Warning "$doc is missing at the repository root; the $name archive ships without it" }
    }
    if ($Rid.StartsWith('win')) {
        $archive = Join-Path $art "$name.zip"
        if (Test-Path $archive) { Remove-Item $archive }
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        [System.IO.Compression.ZipFile]::CreateFromDirectory($dir, $archive, [System.IO.Compression.CompressionLevel]::Optimal, $true)
    } else {
        $archive = Join-Path $art "$name.tar.gz"
        & chmod 755 (Join-Path $dir $exe) (Join-Path $dir $httpExe)
        & tar -C $stage -czf $archive $name
        if ($LASTEXITCODE -ne 0) { throw "tar failed" }
    }
} finally {
    Remove-Item -Recurse -Force $stage
}

# SHA256SUMS (sha256sum -c format, LF, no BOM) over every artifact of this version present in artifacts/.
$archives = @(Get-ChildItem $art -File | Where-Object { $_.Name -like "cao-ops-$version-*.zip" -or $_.Name -like "cao-ops-$version-*.tar.gz" } |
    Sort-Object Name | ForEach-Object { $_.Name })
$packages = @(@("$id.$version.nupkg") + @($toolRids | ForEach-Object { "$id.$_.$version.nupkg" }) |
    Where-Object { Test-Path (Join-Path $art $_) })
$names = $archives + $packages
$sums = ($names | ForEach-Object { "$((Get-FileHash -Algorithm SHA256 (Join-Path $art $_)).Hash.ToLowerInvariant())  $_`n" }) -join ''
[System.IO.File]::WriteAllText((Join-Path $art 'SHA256SUMS'), $sums, [System.Text.UTF8Encoding]::new($false))

Write-Host "Packed into artifacts/:"
foreach ($f in $names) { Write-Host ("  {0,-40} {1,10} bytes" -f $f, (Get-Item (Join-Path $art $f)).Length) }
Write-Host "  SHA256SUMS"
Write-Host "Try it offline: dotnet tool install -g $id --source artifacts   or   dotnet dnx $id@$version --source artifacts --yes -- --version"
