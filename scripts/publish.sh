#!/usr/bin/env bash
# Builds the downloads: one self-contained, single-file GptBot per runtime, packed with .env.example, LICENSE and a short
# README into artifacts/gptbot-<version>-<runtime>.tar.gz (.zip for Windows). Running one needs no .NET SDK or runtime.
#
#   scripts/publish.sh                 all four: linux-x64 linux-arm64 win-x64 osx-arm64
#   scripts/publish.sh linux-x64       just one (CI's smoke test runs artifacts/publish/linux-x64/GptBot)
set -euo pipefail
cd "$(dirname "$0")/.."

project=src/GptBot.Host/GptBot.Host.csproj
runtimes=("$@")
if [ ${#runtimes[@]} -eq 0 ]; then
  runtimes=(linux-x64 linux-arm64 win-x64 osx-arm64)
fi

version=$(dotnet msbuild "$project" -getProperty:Version)
mkdir -p artifacts

for rid in "${runtimes[@]}"; do
  case "$rid" in
    linux-x64 | linux-arm64 | osx-arm64) exe=GptBot; run="./GptBot" ;;
    win-x64) exe=GptBot.exe; run="GptBot.exe" ;;
    *) echo "unsupported runtime '$rid' (linux-x64, linux-arm64, win-x64, osx-arm64)" >&2; exit 2 ;;
  esac
  if [ "$rid" = osx-arm64 ]; then
    run="./GptBot   (macOS: if it is blocked, run once: xattr -d com.apple.quarantine GptBot)"
  fi

  # The project turns a runtime-specific publish into one self-contained file (see GptBot.Host.csproj).
  publish="artifacts/publish/$rid"
  rm -rf "$publish"
  dotnet publish "$project" -c Release -r "$rid" -o "$publish" -nologo

  name="gptbot-$version-$rid"
  stage="artifacts/stage/$name"
  rm -rf "$stage"
  mkdir -p "$stage"
  cp "$publish/$exe" .env.example LICENSE "$stage/"
  sed -e "s|{VERSION}|$version|g" -e "s|{RID}|$rid|g" -e "s|{EXE}|$exe|g" -e "s|{RUN}|$run|g" \
    scripts/archive-README.txt > "$stage/README.txt"

  if [ "$rid" = win-x64 ]; then
    archive="artifacts/$name.zip"
    rm -f "$archive"
    (cd artifacts/stage && zip -qr "../$name.zip" "$name")
  else
    archive="artifacts/$name.tar.gz"
    tar -C artifacts/stage -czf "$archive" "$name"
  fi
  echo "$archive: $(du -h "$archive" | cut -f1) (executable $(du -h "$publish/$exe" | cut -f1))"
done
