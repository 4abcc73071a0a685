# Publishes the Native-AOT cao-ops binary for this host into dist/<rid>/ (Windows, or PowerShell on Linux/macOS).
# Native AOT does not cross-compile between operating systems: run it on each OS you ship for.
# Fails on any build, trim or AOT warning.
[CmdletBinding()]
param([string]$Rid)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

if (-not $Rid) {
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture
    $os = if ($IsWindows -or $env:OS -eq 'Windows_NT') { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $cpu = switch ($arch) { 'X64' { 'x64' } 'Arm64' { 'arm64' } default { throw "unsupported architecture $arch; pass -Rid" } }
    $Rid = "$os-$cpu"
}

$out = Join-Path 'dist' $Rid
Write-Host "Publishing cao-ops for $Rid into $out/ ..."
$log = & dotnet publish src/CaoOps/CaoOps.csproj -c Release -r $Rid -o $out -warnaserror -nologo 2>&1
if ($LASTEXITCODE -ne 0) { $log | Write-Host; throw "publish failed" }
$warnings = $log | Select-String -Pattern 'warning (IL|CS|CA|NU)\d+'
if ($warnings) { $warnings | Write-Host; throw "the publish produced warnings; zero are allowed" }

$bin = Join-Path $out ($(if ($Rid.StartsWith('win')) { 'cao-ops.exe' } else { 'cao-ops' }))
if (-not (Test-Path $bin)) { throw "$bin was not produced" }
$size = (Get-Item $bin).Length
Write-Host "Built $bin ($size bytes), $(& $bin --version)"
