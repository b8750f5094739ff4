#!/usr/bin/env bash
# The chat-history benchmark (README, "Benchmarks"); run as ./benches/history.sh: on the same generated chats.jsonl,
# `migrate plan` computing every history figure, jq computing just the 30-day activity
# count, and `cat` for the disk's speed; time, MB/s and peak memory for each.
#
# Needs jq and GNU time (/usr/bin/time): `apt-get install jq time`.
# Settings (environment): SIZES (default "1GB 4GB"), BENCH_DIR (default /tmp/migrate-bench,
# never inside the repository), RUNS (best of, default 3; jq runs once), KINDS (default
# "normal"; "normal lean" adds files of small chats, ~250 bytes each: many more chats per
# GB, for the memory bound's per-chat part).
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${BENCH_DIR:-/tmp/migrate-bench}
SIZES=${SIZES:-"1GB 4GB"}
RUNS=${RUNS:-3}
command -v jq >/dev/null || { echo "error: the benchmark needs jq" >&2; echo "hint: apt-get install jq" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "error: the benchmark needs GNU time at /usr/bin/time" >&2; echo "hint: apt-get install time" >&2; exit 2; }

cargo build --release --locked --bin migrate --example gen_chats >&2
MIGRATE=target/release/migrate
GEN=target/release/examples/gen_chats
mkdir -p "$DIR"

# run NAME TIMES CMD... : best wall time (s) and its peak RSS (KiB) into $best_s $best_kb
run() {
  local times=$1; shift
  best_s=""; best_kb=""
  for _ in $(seq "$times"); do
    /usr/bin/time -f "%e %M" -o "$DIR/time.txt" "$@" > "$DIR/out.txt"
    read -r s kb < "$DIR/time.txt"
    if [ -z "$best_s" ] || awk -v a="$s" -v b="$best_s" 'BEGIN{exit !(a<b)}'; then best_s=$s; best_kb=$kb; fi
  done
}

row() { # name seconds kib bytes
  awk -v n="$1" -v s="$2" -v kb="$3" -v b="$4" 'BEGIN{
    mbs = (s > 0) ? b / 1e6 / s : 0;
    printf "| %-8s | %8.2f s | %9.0f MB/s | %9.1f MB |\n", n, s, mbs, kb * 1024 / 1e6 }'
}

accounts=()
for kind in ${KINDS:-normal}; do
  for size in $SIZES; do
    if [ "$kind" = lean ]; then accounts+=("$size:lean"); else accounts+=("$size:"); fi
  done
done

for spec in "${accounts[@]}"; do
  size=${spec%%:*}; lean=${spec#*:}
  acct="$DIR/acct-$size${lean:+-lean}"
  if [ ! -f "$acct/chat/chats.jsonl" ]; then
    "$GEN" --size "$size" --seed 7 ${lean:+--lean --days 3650} --out "$acct" >&2
  fi
  file="$acct/chat/chats.jsonl"
  bytes=$(stat -c %s "$file")
  exported_at=$(sed -n 's/^exported_at = "\(.*\)"/\1/p' "$acct/manifest.toml")
  e=$(date -u -d "$exported_at" +%s)
  from=$(date -u -d "@$((e - 30 * 86400))" +%Y-%m-%dT%H:%M:%SZ)

  echo
  echo "### $file ($(awk -v b="$bytes" 'BEGIN{printf "%.2f GB", b/1e9}'))"
  echo
  echo "| what     |     time   |   throughput   |   peak RSS   |"
  echo "|----------|------------|----------------|--------------|"
  cat "$file" > /dev/null # warm the page cache: all three read from memory
  run "$RUNS" cat "$file"
  row cat "$best_s" "$best_kb" "$bytes"
  run "$RUNS" "$MIGRATE" plan "$acct" --format json
  migrate_s=$best_s
  row migrate "$best_s" "$best_kb" "$bytes"
  migrate_kb=$best_kb
  read -r ours chats < <(jq -r '.account.history | "\(.chat_tickets_in_window) \(.chats)"' "$DIR/out.txt")
  run 1 jq -n --arg from "$from" --arg to "$exported_at" \
    '[inputs | select(.zendesk_ticket_id != null and .timestamp > $from and .timestamp <= $to) | .id] | unique | length' \
    "$file"
  row jq "$best_s" "$best_kb" "$bytes"
  theirs=$(cat "$DIR/out.txt")
  echo
  awk -v j="$best_s" -v m="$migrate_s" -v kb="$migrate_kb" -v c="$chats" -v ours="$ours" -v theirs="$theirs" 'BEGIN{
    bound = 64e6 + 16 * c;
    printf "- migrate is %.1fx faster than jq; 30-day activity: migrate %d, jq %d\n", j / m, ours, theirs;
    printf "- memory: %.1f MB peak for %d distinct chats; bound 64 MB + 16 B x chats = %.1f MB (%s)\n",
      kb * 1024 / 1e6, c, bound / 1e6, (kb * 1024 <= bound) ? "within" : "OVER" }'
done
