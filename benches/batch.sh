#!/usr/bin/env bash
# Benchmark: `migrate batch` vs a shell loop calling `migrate plan` once per account.
#
#   benches/batch.sh [N] [BROKEN]        # default 10000 accounts, 10 of them broken
#
# Generates N accounts (fixed seed) under $BENCH_DIR/run.* (default /tmp/migrate-batch-bench), plans them
# both ways with the release build, checks that both wrote the same files, and prints
# accounts/second, the speed-up and batch's peak memory (max RSS from /usr/bin/time -v).
# Not a test: timings depend on the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
BROKEN="${2:-10}"
DIR="${BENCH_DIR:-/tmp/migrate-batch-bench}"
cargo build --release --locked --quiet
BIN="$PWD/target/release/migrate"
# Each run gets its own folder; earlier runs (only folders this script made, marked with
# .bench-batch) are deleted at the end, not the start: right after many files are deleted,
# ext4 skips the recently freed inodes when creating new ones, which slows every file
# creation for minutes and would measure our own clean-up rather than migrate.
mkdir -p "$DIR"
RUN=$(mktemp -d "$DIR/run.XXXXXX")
touch "$RUN/.bench-batch"
"$BIN" gen-fixtures "$N" --seed 42 --broken "$BROKEN" --out "$RUN/exports" -q

now() { date +%s.%N; }

echo "loop: migrate plan ACCOUNT --out … once per account"
t0=$(now)
for d in "$RUN"/exports/*/; do
  name=$(basename "$d")
  "$BIN" plan "$d" --out "$RUN/loop/$name" -q 2>/dev/null || true
done
t1=$(now)

echo "batch: migrate batch"
status=0
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v -o "$RUN/time.txt" "$BIN" batch "$RUN/exports" --out "$RUN/batch" -q || status=$?
  rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$RUN/time.txt")
else
  "$BIN" batch "$RUN/exports" --out "$RUN/batch" -q || status=$?
  rss_kb="?"
fi
t2=$(now)

# Same outputs: every file the loop wrote, byte for byte (the batch's own marker and
# summary aside), and no plan for a broken account in either.
diff -r -x .migrate-batch.json -x summary.csv "$RUN/loop" "$RUN/batch" >/dev/null && same=yes || same=NO
rows=$(($(wc -l <"$RUN/batch/summary.csv") - 1))
errors=$(awk -F, 'NR > 1 && $12 != "" {n++} END {print n + 0}' "$RUN/batch/summary.csv")

awk -v n="$N" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v rss="$rss_kb" \
    -v same="$same" -v rows="$rows" -v errors="$errors" -v status="$status" 'BEGIN {
  l = t1 - t0; b = t2 - t1
  printf "accounts: %d (summary rows %d, error rows %d, batch exit code %d)\n", n, rows, errors, status
  printf "loop:  %8.1f s  %8.0f accounts/s\n", l, n / l
  printf "batch: %8.1f s  %8.0f accounts/s\n", b, n / b
  printf "speed-up: %.1fx   batch peak RSS: %s   same outputs: %s\n", l / b, (rss == "?" ? "?" : sprintf("%.0f MB", rss / 1024)), same
}'
for old in "$DIR"/run.*; do
  if [ "$old" != "$RUN" ] && [ -f "$old/.bench-batch" ]; then rm -rf "$old"; fi
done
echo "data: $RUN"
[ "$same" = yes ]
