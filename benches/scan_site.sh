#!/usr/bin/env bash
# Benchmark of `migrate scan-site` (issue 12), printed side by side with ripgrep.
#
# Builds a large real tree once: a node_modules of well-known packages installed from the
# npm registry into a cached folder, with copies of the test site (tests/sites/shop)
# planted in it. Then, on 2 threads each, times `migrate scan-site` (walk, pre-filter,
# parse, answer) and `rg` searching the same files (same extensions, ignore rules off for
# both) for the same names (src/scan/walk.rs NEEDLES). Best of 3 warm runs.
# Then measures peak memory (RSS) on a 5 MB minified one-line bundle.
#
#   benches/scan_site.sh            # tree cached in target/scan-bench
#   SCAN_BENCH_DIR=/tmp/x benches/scan_site.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${SCAN_BENCH_DIR:-$ROOT/target/scan-bench}
TREE=$DIR/tree
THREADS=2
PACKAGES=(react react-dom lodash moment vue @angular/core @angular/common rxjs jquery three typescript
  bootstrap chart.js d3 axios @babel/core webpack eslint)

mkdir -p "$DIR"
if [ ! -f "$TREE/.installed" ]; then
  echo "installing ${#PACKAGES[@]} npm packages into $TREE (once)…" >&2
  rm -rf "$TREE" && mkdir -p "$TREE"
  (cd "$TREE" && npm init -y >/dev/null && npm install --no-audit --no-fund --ignore-scripts --silent "${PACKAGES[@]}" >&2)
  # Plant the test site in 40 packages, as a site's own code would sit among its dependencies.
  i=0
  for pkg in "$TREE"/node_modules/*/; do
    [ $i -ge 40 ] && break
    cp -r "$ROOT/tests/sites/shop" "$pkg/site-$i"
    i=$((i + 1))
  done
  touch "$TREE/.installed"
fi

cargo build --release --locked --quiet
BIN=$ROOT/target/release/migrate
# The pattern is the raw string after `const NEEDLES` (on its line or the next).
NEEDLES=$(sed -n '/const NEEDLES: &str =/,/;$/p' src/scan/walk.rs | sed -n 's/.*r"\(.*\)";$/\1/p')
[ -n "$NEEDLES" ] || { echo "cannot read NEEDLES from src/scan/walk.rs" >&2; exit 1; }
# The same file types as src/scan/mod.rs lang_of.
EXTS=(js jsx cjs mjs ts mts cts tsx html htm xhtml shtml vue svelte astro php phtml erb rhtml jsp jspf twig
  liquid hbs handlebars mustache ejs njk jinja jinja2 j2 cshtml aspx ascx asp tpl rb py haml ftl vm css scss sass less)
GLOBS=()
for e in "${EXTS[@]}" conf vhost; do GLOBS+=(-g "*.$e"); done
# Manifests, lock files and server configs read by name (lang_of).
for n in package.json package-lock.json npm-shrinkwrap.json yarn.lock pnpm-lock.yaml pubspec.yaml .htaccess; do
  GLOBS+=(-g "$n")
done

best_of_3() { # prints the best wall time in seconds of "$@"
  "$@" >/dev/null 2>&1 # warm the page cache
  local best=""
  for _ in 1 2 3; do
    local t0 t1 t
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}

SUMMARY=$("$BIN" scan-site "$TREE" --include-vendored --hidden --no-ignore -j $THREADS --format json 2>/dev/null |
  python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(s["files_scanned"], s["bytes_scanned"], s["uses"], s["files_skipped"])')
read -r FILES BYTES USES SKIPPED <<<"$SUMMARY"

T_SCAN=$(best_of_3 "$BIN" scan-site "$TREE" --include-vendored --hidden --no-ignore -j $THREADS --format json)
rate() { echo "scale=1; $1 / $2" | bc -l; }
MB=$(echo "scale=1; $BYTES / 1000000" | bc -l)

echo "tree: $TREE"
echo "      $FILES site files, $MB MB ($USES widget uses found, $SKIPPED skipped), $THREADS threads, best of 3 warm runs"
printf '%-34s %8s %10s %12s\n' "" "seconds" "MB/s" "files/s"
printf '%-34s %8.3f %10s %12s\n' "migrate scan-site (parse + answer)" "$T_SCAN" "$(rate "$BYTES/1000000" "$T_SCAN")" "$(rate "$FILES" "$T_SCAN")"
if command -v rg >/dev/null; then
  T_RG=$(best_of_3 rg -j $THREADS --no-ignore --hidden -c "${GLOBS[@]}" -e "$NEEDLES" "$TREE")
  printf '%-34s %8.3f %10s %12s\n' "rg (same files, same names)" "$T_RG" "$(rate "$BYTES/1000000" "$T_RG")" "$(rate "$FILES" "$T_RG")"
  echo "scan-site runs at $(echo "scale=2; $T_RG / $T_SCAN" | bc -l) × ripgrep's speed (the aim is ≥ 0.33)"
else
  echo "rg: not installed, no comparison (apt-get install ripgrep)"
fi

# Memory on a 5 MB minified one-line bundle with widget calls spread through it.
BUNDLE=$DIR/bundle
mkdir -p "$BUNDLE"
python3 - "$BUNDLE/app.min.js" <<'EOF'
import sys
parts, n, size = [], 0, 0
while size < 5_000_000:
    s = (f"var a{n}=function(b,c){{if(b&&c){{return [b,c].map(function(d){{return d*{n % 97}+'x{n}'}})}}"
         f"return window.zE?zE('webWidget','{'open' if n % 2 else 'hide'}'):null}};")
    parts.append(s); size += len(s); n += 1
open(sys.argv[1], "w").write("".join(parts))
EOF
RSS=$( { /usr/bin/time -v "$BIN" scan-site "$BUNDLE" -j 1 --format json >/dev/null; } 2>&1 | sed -n 's/.*Maximum resident set size (kbytes): //p')
T_BUNDLE=$(best_of_3 "$BIN" scan-site "$BUNDLE" -j 1 --format json)
echo "5 MB one-line bundle: peak RSS $((RSS / 1024)) MB, $(printf '%.3f' "$T_BUNDLE") s"
