#!/usr/bin/env bash
# Measures the published binary's start-up: from exec to its port accepting connections, with only a .env beside it.
# The first run after a publish also unpacks the bundled native libraries (SkiaSharp, SQLite); later runs reuse them.
#
#   scripts/measure-startup.sh [binary] [runs]     default: artifacts/publish/linux-x64/GptBot, 5 runs
set -euo pipefail
cd "$(dirname "$0")/.."

binary=$(realpath "${1:-artifacts/publish/linux-x64/GptBot}")
runs=${2:-5}
port=$((20000 + RANDOM % 20000))
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'HOST=127.0.0.1\nPORT=%s\nGPT_API_KEY=sk-measure\nGPT_API_BASEURL=http://127.0.0.1:9/v1\nLOG_LEVEL=ERROR\n' "$port" > "$dir/.env"

for run in $(seq "$runs"); do
  start=$(date +%s%N)
  (cd "$dir" && exec "$binary" >/dev/null 2>&1) &
  pid=$!
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "GptBot exited before listening" >&2; exit 1; }
  done
  echo "run $run: $(( ($(date +%s%N) - start) / 1000000 )) ms"
  kill -TERM "$pid"
  wait "$pid"
done
