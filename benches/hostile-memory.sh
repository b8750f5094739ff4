#!/bin/sh
# Peak memory of `migrate plan` against the size of chat/triggers.json (issue 11), each run
# inside a 2 GiB address space. Usage: sh benches/hostile-memory.sh [path/to/migrate]
# (default target/release/migrate; build it with `cargo build --release` first).
set -eu
BIN=${1:-target/release/migrate}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r fixtures/acme-segment-2 "$WORK/acct"
# N triggers: minimal ({"name":"tI"}), or with C conditions each.
gen() {
  awk -v n="$1" -v c="$2" 'BEGIN {
    printf "[";
    for (i = 0; i < n; i++) {
      if (i) printf ",";
      if (c == 0) { printf "{\"name\":\"t%d\"}", i; continue }
      printf "{\"id\":%d,\"name\":\"T %d\",\"enabled\":1,\"definition\":{\"event\":\"chat_requested\",\"condition\":[\"and\"", i, i;
      for (k = 0; k < c; k++) printf ",[\"eq\",\"@visitor_country_code\",\"C%d\"]", k;
      printf "],\"actions\":[[\"sendMessageToVisitor\",\"Customer Service\",\"Thanks for your message, please wait a moment.\"]]}}";
    }
    printf "]";
  }'
}
printf '%-34s %12s  %-8s %12s %8s\n' "chat/triggers.json" "input bytes" "exit" "peak RSS KB" "seconds"
for spec in "1000000 0" "100000 0" "10000 0" "10000 3" "2500 34"; do
  set -- $spec
  gen "$1" "$2" > "$WORK/acct/chat/triggers.json"
  rm -rf "$WORK/out"
  line=$(sh -c "ulimit -v 2097152; /usr/bin/time -f '%M %e' \"$BIN\" -q plan \"$WORK/acct\" --out \"$WORK/out\" 2>&1 >/dev/null; echo rc=\$?" 2>&1 | tr '\n' ' ')
  rss=$(echo "$line" | grep -o '[0-9]* [0-9.]* rc' | cut -d' ' -f1)
  secs=$(echo "$line" | grep -o '[0-9]* [0-9.]* rc' | cut -d' ' -f2)
  rc=$(echo "$line" | grep -o 'rc=[0-9]*' | cut -d= -f2)
  printf '%-34s %12s  %-8s %12s %8s\n' "$1 triggers, $2 conditions" "$(wc -c < "$WORK/acct/chat/triggers.json")" "$rc" "$rss" "$secs"
done
