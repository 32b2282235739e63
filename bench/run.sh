#!/usr/bin/env bash
# Keel beside the best this machine can do, from one run: each figure next
# to its ceiling, measured the same way in the same run (BENCHMARKS.md keeps
# the latest table and the targets).
#
#   bench/run.sh [PART...]     PART: import today progress cli memory pg (default: all)
#
# - import:   `keel import` of a 200,000-row Strong export vs `sqlite3 .import`
#             of the same file into a new table (best of 3 each), and
#             `keel import`'s peak memory against the file's size.
# - today:    the today page (`keel serve`, GET /) vs a bare axum server
#             answering the same bytes (bench/src/bin/bare-server.rs), wrk at
#             1, 16 and 64 connections; `keel serve`'s peak memory.
# - progress: `keel progress --json` on a 10-year history vs pandas and the
#             `acwr` package computing the same series (bench/acwr_pandas.py),
#             end to end (median of 5), and whether the numbers agree.
# - cli:      `keel today --json` on that history vs `sqlite3` reading the
#             rows it needs (median of 20); with valgrind installed, also
#             the instructions each executes (callgrind), which a busy
#             machine does not change.
# - memory:   `keel serve`'s peak memory while 64 connections log sets on
#             the 10-year history (bench/src/bin/log-load.rs).
# - pg:       set logging on PostgreSQL at 64 connections (the load benchmark,
#             64 athletes) vs pgbench sending the same statement
#             (bench/pg_floor.sh) on the same schema.
#
# Loopback only. Bounded: about 12 minutes of measuring after the builds
# (BENCH_SECONDS, default 15, per wrk and PostgreSQL run). Needs wrk,
# sqlite3, python3 with pandas and acwr, and for `pg` pgbench, psql and
# KEEL_BENCH_POSTGRES_URL or KEEL_TEST_POSTGRES_URL. Generated data is kept
# in target/bench-data (reused by later runs); nothing else is written.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
parts=("$@")
[[ ${#parts[@]} -gt 0 ]] || parts=(import today progress cli memory pg)
seconds=${BENCH_SECONDS:-15}
today=2026-11-23 # the history's today (bench/src/history.rs)
data=$root/target/bench-data
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$data"

need() { command -v "$1" >/dev/null || { echo "bench: needs $1 ($2)" >&2; exit 2; }; }
need sqlite3 "apt-get install sqlite3"
need /usr/bin/time "apt-get install time"

echo "# building (release)" >&2
features=()
[[ " ${parts[*]} " == *" pg "* ]] && features=(--features postgres)
cargo build --release -q -p keel "${features[@]}"
cargo build --release -q -p keel-bench
bin=$root/target/release
keel=$bin/keel

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 |"); echo "| $1 | $2 | $3 | $4 | $5 |" >&2; }

# Median of the wall times, in ms, of running "$@" $runs times (output dropped).
median_ms() {
  local runs=$1
  shift
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}

# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# A loopback port nobody listens on.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits until http://127.0.0.1:$1/ answers.
wait_http() {
  for _ in $(seq 100); do
    curl -fso /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "bench: nothing answered on port $1" >&2
  exit 1
}

# Requests a second from wrk at $2 connections against URL $1.
wrk_rps() { wrk -t1 -c"$2" -d"${seconds}s" "$1" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }'; }

# Peak resident memory (VmHWM) of process $1, in MiB.
peak_mib() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

history_db() {
  if [[ ! -s $data/history-10y.db ]]; then
    echo "# simulating 10 years of training (once; kept in $data)" >&2
    rm -f "$data/history-10y.db"*
    "$bin/history" 10 "$data/history-10y.db"
  fi
  # A copy per run: serving and reading may write (journal, WAL).
  cp "$data/history-10y.db" "$work/history.db"
  echo "$work/history.db"
}

part_import() {
  local csv=$data/strong-200k.csv
  [[ -s $csv ]] || "$bin/strong-csv" 200000 "$csv"
  local size_mib
  size_mib=$(awk -v b="$(stat -c %s "$csv")" 'BEGIN { printf "%.1f", b / 1048576 }')
  # Wall time and CPU time (user + system): on a shared machine the CPU
  # time is the steadier of the two (other processes' load inflates wall
  # time, not the work done).
  local best_keel=999999 best_sqlite=999999 peak=0 cpu_keel=999999 cpu_sqlite=999999
  min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b < a ? b : a) }'; }
  for _ in 1 2 3; do
    rm -f "$work"/import.db* "$work"/sqlite.db*
    /usr/bin/time -f '%e %M %U %S' -o "$work/time" env KEEL_DB="$work/import.db" KEEL_TODAY=$today \
      "$keel" import "$csv" >/dev/null
    read -r secs kib user sys <"$work/time"
    best_keel=$(min "$best_keel" "$secs")
    cpu_keel=$(min "$cpu_keel" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')")
    peak=$(awk -v a="$peak" -v b="$kib" 'BEGIN { print (b > a ? b : a) }')
    /usr/bin/time -f '%e %U %S' -o "$work/time" sqlite3 "$work/sqlite.db" ".import --csv $csv strong"
    read -r secs user sys <"$work/time"
    best_sqlite=$(min "$best_sqlite" "$secs")
    cpu_sqlite=$(min "$cpu_sqlite" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')")
  done
  local stored
  stored=$(sqlite3 "$work/sqlite.db" "SELECT count(*) FROM strong")
  row "import 200,000 rows ($size_mib MiB)" "${best_keel} s" "${best_sqlite} s (sqlite3 .import, $stored rows)" \
    "$(ratio "$best_sqlite" "$best_keel")x speed" ">= 0.50"
  row "import 200,000 rows, CPU time (user + system)" "${cpu_keel} s" "${cpu_sqlite} s" \
    "$(ratio "$cpu_sqlite" "$cpu_keel")x" ">= 0.50"
  local peak_mib
  peak_mib=$(awk -v k="$peak" 'BEGIN { printf "%.0f", k / 1024 }')
  row "import peak memory" "$peak_mib MiB" "file $size_mib MiB" "$(ratio "$peak_mib" "$size_mib")x file" "<= 3x"
}

part_today() {
  local db port bare
  db=$(history_db)
  port=$(free_port)
  KEEL_DB=$db KEEL_TODAY=$today "$keel" serve --bind "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
  local keel_pid=$!
  pids+=("$keel_pid")
  wait_http "$port"
  curl -fsS "http://127.0.0.1:$port/" -o "$work/today.html"
  bare=$(free_port)
  "$bin/bare-server" "127.0.0.1:$bare" "$work/today.html" >/dev/null &
  local bare_pid=$!
  pids+=("$bare_pid")
  wait_http "$bare"
  local bytes
  bytes=$(stat -c %s "$work/today.html")
  for c in 1 16 64; do
    local k b
    k=$(wrk_rps "http://127.0.0.1:$port/" "$c")
    b=$(wrk_rps "http://127.0.0.1:$bare/" "$c")
    row "today page ($bytes bytes), $c conn" "$k req/s" "$b req/s (bare axum)" "$(ratio "$k" "$b")x" ">= 0.50"
  done
  row "keel serve peak memory (today page load)" "$(peak_mib "$keel_pid") MiB" "bare server $(peak_mib "$bare_pid") MiB" "" ""
  kill "$keel_pid" "$bare_pid"
  wait "$keel_pid" "$bare_pid" 2>/dev/null || true
}

part_progress() {
  local db
  db=$(history_db)
  python3 -c 'import pandas, acwr' 2>/dev/null || { echo "bench: needs pandas and acwr (pip install pandas acwr)" >&2; exit 2; }
  KEEL_DB=$db KEEL_TODAY=$today "$keel" progress --json >"$work/keel.json"
  python3 "$root/bench/acwr_pandas.py" "$db" "$today" "$work/pandas.json"
  local agree
  agree=$(python3 "$root/bench/compare_acwr.py" "$work/keel.json" "$work/pandas.json" || true)
  echo "# numbers: $agree" >&2
  local k p
  k=$(median_ms 5 env KEEL_DB="$db" KEEL_TODAY=$today "$keel" progress --json)
  p=$(median_ms 5 python3 "$root/bench/acwr_pandas.py" "$db" "$today" "$work/pandas.json")
  row "progress --json, 10 years" "$k ms" "$p ms (pandas + acwr)" "$(ratio "$p" "$k")x faster" ">= 10x; $agree"
}

part_cli() {
  local db
  db=$(history_db)
  # What `keel today` reads: profile, settings, the newest plan with its
  # decisions, that plan's sessions with their sets, check-ins, safety events.
  local sql="SELECT data FROM profile; SELECT data FROM settings; SELECT * FROM engine_settings;
    SELECT program FROM plans ORDER BY version DESC LIMIT 1;
    SELECT * FROM decisions WHERE plan_version = (SELECT max(version) FROM plans);
    SELECT * FROM sessions WHERE plan_version = (SELECT max(version) FROM plans);
    SELECT s.* FROM sets s JOIN sessions n ON n.id = s.session_id
      WHERE n.plan_version = (SELECT max(version) FROM plans);
    SELECT * FROM check_ins WHERE date >= (SELECT created_on FROM plans ORDER BY version DESC LIMIT 1);
    SELECT * FROM safety_events;"
  KEEL_DB=$db KEEL_TODAY=$today "$keel" today --json >/dev/null
  local k s
  k=$(median_ms 20 env KEEL_DB="$db" KEEL_TODAY=$today "$keel" today --json)
  s=$(median_ms 20 sqlite3 "$db" "$sql")
  row "today --json, 10 years" "$k ms" "$s ms (sqlite3, the same rows)" "$(ratio "$k" "$s")x time" "<= 1.5x"
  # Instructions executed, the same on a busy machine as on a quiet one:
  # what to compare between commits when the wall times are noise.
  if command -v valgrind >/dev/null; then
    local ki si
    # Not through env(1): valgrind would measure env and stop at its exec.
    ki=$(KEEL_DB=$db KEEL_TODAY=$today instructions "$keel" today --json)
    si=$(instructions sqlite3 "$db" "$sql")
    row "today --json, instructions" "$(millions "$ki") M" "$(millions "$si") M (sqlite3)" "$(ratio "$ki" "$si")x" ""
  fi
}

# Instructions "$@" executes (valgrind's callgrind; output dropped).
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    awk '/Collected :/ { print $NF }'
}

# $1 as millions with one decimal.
millions() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1e6 }'; }

# Transparent huge pages in process $1 (AnonHugePages), in MiB.
huge_mib() { awk '/^AnonHugePages:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/smaps_rollup"; }

part_memory() {
  local db port
  db=$(history_db)
  port=$(free_port)
  KEEL_DB=$db KEEL_TODAY=$today "$keel" serve --bind "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
  local keel_pid=$!
  pids+=("$keel_pid")
  wait_http "$port"
  local result
  result=$("$bin/log-load" "127.0.0.1:$port" "$db" 64 "$seconds")
  echo "# log-load: $result" >&2
  local rate
  rate=$(awk '{ sub(/\/s,/, "", $4); print $4 }' <<<"$result")
  row "keel serve peak memory, 64 conn logging sets ($rate sets/s, SQLite)" "$(peak_mib "$keel_pid") MiB" \
    "of it huge pages now: $(huge_mib "$keel_pid") MiB" "" "<= 100 MiB"
  kill "$keel_pid"
  wait "$keel_pid" 2>/dev/null || true
}

part_pg() {
  local url=${KEEL_BENCH_POSTGRES_URL:-${KEEL_TEST_POSTGRES_URL:-}}
  [[ -n $url ]] || { echo "bench: pg needs KEEL_BENCH_POSTGRES_URL or KEEL_TEST_POSTGRES_URL" >&2; exit 2; }
  need pgbench "apt-get install postgresql-client"
  local schema=keel_ratio_bench
  # Seeded once (64 athletes with two years each, a minute or two), kept.
  KEEL_BENCH_POSTGRES_URL=$url cargo run -q --release -p keel-bench --bin server-load -- \
    --backend postgres --scenarios log --connections 64 --athletes 64 \
    --duration "$seconds" --keep-schema "$schema" >"$work/load.txt" 2>&1 || {
    cat "$work/load.txt" >&2
    exit 1
  }
  local keel_rps
  keel_rps=$(awk -F'|' '/PostgreSQL \| log a set/ { gsub(/ /, "", $6); print $6; exit }' "$work/load.txt")
  KEEL_BENCH_POSTGRES_URL=$url "$root/bench/pg_floor.sh" "$schema" "$seconds" >"$work/floor.txt" 2>&1 || {
    cat "$work/floor.txt" >&2
    exit 1
  }
  local floor_rps
  floor_rps=$(awk '/^64 clients:/ { for (i = 1; i <= NF; i++) if ($i ~ /\/s,$/) { sub(/\/s,/, "", $i); print $i } }' "$work/floor.txt")
  row "PostgreSQL set logging, 64 conn" "$keel_rps sets/s" "$floor_rps sets/s (pgbench, same statement)" \
    "$(ratio "$keel_rps" "$floor_rps")x" ">= 0.60"
  psql -qAtX -d "$url" -c "ANALYZE" >/dev/null 2>&1 || true
}

echo "# keel $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates bench || echo '+changes'), $(nproc) cores, $(date -u +%FT%RZ), ${seconds} s a load run" >&2
for part in "${parts[@]}"; do
  case $part in
    import | today | progress | cli | memory | pg) "part_$part" ;;
    *) echo "bench: no part $part (import today progress cli memory pg)" >&2; exit 2 ;;
  esac
done

echo
echo "| measure | Keel | ceiling on this machine | ratio | target |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
