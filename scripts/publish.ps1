# Builds the downloads: one self-contained, single-file GptBot per runtime, packed with .env.example, LICENSE and a short
# README into artifacts\gptbot-<version>-<runtime>.zip (.tar.gz for Linux and macOS). Running one needs no .NET SDK or
# runtime. The twin of scripts/publish.sh for Windows (PowerShell 5.1 or 7).
#
#   .\scripts\publish.ps1                   all four: linux-x64 linux-arm64 win-x64 osx-arm64
#   .\scripts\publish.ps1 win-x64           just one (several: win-x64 linux-x64)
param([Parameter(ValueFromRemainingArguments = $true)][string[]] $Runtimes)

$ErrorActionPreference = 'Stop'
$Runtimes = @($Runtimes | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
if ($Runtimes.Count -eq 0) { $Runtimes = @('linux-x64', 'linux-arm64', 'win-x64', 'osx-arm64') }
Set-Location (Split-Path -Parent $PSScriptRoot)

$project = 'src/GptBot.Host/GptBot.Host.csproj'
$version = (dotnet msbuild $project -getProperty:Version).Trim()
if ($LASTEXITCODE -ne 0) { throw 'could not read the version' }
New-Item -ItemType Directory -Force artifacts | Out-Null

foreach ($rid in $Runtimes) {
    switch ($rid) {
        'win-x64' { $exe = 'GptBot.exe'; $run = 'GptBot.exe' }
        'osx-arm64' { $exe = 'GptBot'; $run = './GptBot   (macOS: if it is blocked, run once: xattr -d com.apple.quarantine GptBot)' }
        { $_ -in 'linux-x64', 'linux-arm64' } { $exe = 'GptBot'; $run = './GptBot' }
        default { throw "unsupported runtime '$rid' (linux-x64, linux-arm64, win-x64, osx-arm64)" }
    }

    # The project turns a runtime-specific publish into one self-contained file (see GptBot.Host.csproj).
    $publish = "artifacts/publish/$rid"
    Remove-Item -Recurse -Force $publish -ErrorAction SilentlyContinue
    dotnet publish $project -c Release -r $rid -o $publish -nologo
    if ($LASTEXITCODE -ne 0) { throw "publish for $rid failed" }

    $name = "gptbot-$version-$rid"
    $stage = "artifacts/stage/$name"
    Remove-Item -Recurse -Force $stage -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force $stage | Out-Null
    # -Force: .env.example counts as hidden outside Windows.
    Copy-Item -Force "$publish/$exe", '.env.example', 'LICENSE' $stage
    $readme = (Get-Content -Raw -Encoding UTF8 'scripts/archive-README.txt').
        Replace('{VERSION}', $version).Replace('{RID}', $rid).Replace('{EXE}', $exe).Replace('{RUN}', $run)
    [IO.File]::WriteAllText((Join-Path (Resolve-Path $stage) 'README.txt'), $readme, (New-Object Text.UTF8Encoding $false))

    if ($rid -eq 'win-x64') {
        $archive = "artifacts/$name.zip"
        Remove-Item -Force $archive -ErrorAction SilentlyContinue
        # ZipFile rather than Compress-Archive, which leaves out hidden files such as .env.example.
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        [IO.Compression.ZipFile]::CreateFromDirectory((Resolve-Path $stage), (Join-Path (Resolve-Path artifacts) "$name.zip"),
            [IO.Compression.CompressionLevel]::Optimal, $true)
    }
    else {
        # tar ships with Windows 10 and later. Files written on Windows carry no executable bit, so after unpacking one
        # of these on Linux or macOS run chmod +x GptBot if it will not start; publish.sh (Linux, macOS, WSL) keeps it.
        $archive = "artifacts/$name.tar.gz"
        tar -C artifacts/stage -czf $archive $name
        if ($LASTEXITCODE -ne 0) { throw "packing $archive failed" }
    }

    $size = '{0:0} MB' -f ((Get-Item $archive).Length / 1MB)
    Write-Host "${archive}: $size"
}
