#!/usr/bin/env bash
# Runs the suite with the system clock moved ahead (a year by default) through libfaketime, so a
# test that only passes in the month it was written is caught today. The embedded PostgreSQL the
# suite starts inherits the moved clock; a DATABASE_URL server would not, so it is ignored here.
#   scripts/test-a-year-ahead.sh [offset] [vitest arguments…]     offset: +365d (default), +2y, -30d …
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v faketime >/dev/null; then
  echo "faketime is not installed (Debian: apt-get install faketime)" >&2
  exit 2
fi
offset="${1:-+365d}"
shift || true
unset DATABASE_URL
# Timers and timeouts keep real time; only the calendar moves.
export FAKETIME_DONT_FAKE_MONOTONIC=1
echo "suite under a clock at $(faketime -f "$offset" date -u +%Y-%m-%dT%H:%M:%SZ) (offset $offset)"
npx graphql-codegen --config codegen.ts --silent
exec faketime -f "$offset" npx vitest run "$@"
