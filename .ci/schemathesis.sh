#!/usr/bin/env bash
# Schemathesis against the JSON API and its OpenAPI document: the local app
# (SQLite, no accounts), then the coach server on PostgreSQL with a token of
# each role (athlete, coach, admin). Bounded: a few examples per operation.
#
#   .ci/schemathesis.sh            # needs `st` (pip install schemathesis)
#
# KEEL_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test)
# selects the PostgreSQL server; without it only the local app is tested,
# unless CI is set, which makes a missing server a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v st >/dev/null 2>&1; then
  echo "== installing schemathesis"
  pip install --quiet schemathesis
fi

EXAMPLES="${KEEL_SCHEMATHESIS_EXAMPLES:-15}"
# Every check runs; .ci/schemathesis.toml says which refusals of valid
# data are expected, and why.
CONFIG="$PWD/.ci/schemathesis.toml"

cargo build --locked --all-features -p keel --quiet
KEEL="$PWD/target/debug/keel"
WORK="$(mktemp -d)"
cleanup() {
  # The servers this script started (their ids, written by `serve`).
  while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$WORK/pids"
  if [[ -n "${SCHEMA:-}" ]]; then
    psql -q "$KEEL_TEST_POSTGRES_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
touch "$WORK/pids"
trap cleanup EXIT

ONBOARD=(onboard --sex female --training-age 1 --days mon,wed,fri
  --equipment dowel,kettlebell,band --pain 1 --no-red-flags --extensor 95
  --flexor 110 --side-bridge-right 48 --side-bridge-left 40 --prone-plank 60
  --hip-hinge 2 --bird-dog 2 --dead-bug 1)

# Starts `keel ... serve` on a free port; prints its base URL.
serve() {
  local log="$WORK/serve-$RANDOM.log"
  "$KEEL" "$@" serve --bind 127.0.0.1:0 >"$log" 2>&1 &
  echo "$!" >>"$WORK/pids"
  for _ in $(seq 1 100); do
    if grep -q "Keel is running at" "$log"; then
      sed -n 's/^Keel is running at \(http:[^ ]*\)\/$/\1/p' "$log"
      return
    fi
    sleep 0.1
  done
  echo "keel serve did not start:" >&2
  cat "$log" >&2
  exit 1
}

# Runs schemathesis against the server at $1; the rest are its options.
fuzz() {
  local base="$1"
  shift
  st --config-file "$CONFIG" run "$base/api/v1/openapi.json" --checks all \
    --max-examples "$EXAMPLES" --workers 1 --seed 1 --no-shrink \
    --request-timeout 10 --suppress-health-check all "$@"
}

echo "== schemathesis: the local app (SQLite)"
"$KEEL" --db "$WORK/keel.db" "${ONBOARD[@]}" >/dev/null
fuzz "$(serve --db "$WORK/keel.db")"

if [[ -z "${KEEL_TEST_POSTGRES_URL:-}" ]]; then
  if [[ -n "${CI:-}" ]]; then
    echo "KEEL_TEST_POSTGRES_URL is unset: cannot run schemathesis on PostgreSQL" >&2
    exit 1
  fi
  echo "KEEL_TEST_POSTGRES_URL is unset: skipping schemathesis on PostgreSQL"
  exit 0
fi

echo "== schemathesis: the coach server (PostgreSQL), as athlete, coach and admin"
SCHEMA="keel_st_$$_$RANDOM"
psql -q "$KEEL_TEST_POSTGRES_URL" -c "CREATE SCHEMA $SCHEMA" >/dev/null
case "$KEEL_TEST_POSTGRES_URL" in
  *\?*) URL="$KEEL_TEST_POSTGRES_URL&options=-csearch_path%3D$SCHEMA" ;;
  *) URL="$KEEL_TEST_POSTGRES_URL?options=-csearch_path%3D$SCHEMA" ;;
esac
pg() { "$KEEL" --database "$URL" "$@"; }
for who in admin:admin coach:coach ana:athlete; do
  echo "a long test passphrase" | pg user add "${who%%:*}" --role "${who##*:}" --password-stdin >/dev/null
done
pg --user ana "${ONBOARD[@]}" >/dev/null
pg --user coach "${ONBOARD[@]}" >/dev/null
BASE="$(serve --database "$URL")"
for who in ana coach admin; do
  echo "-- as $who"
  TOKEN="$(pg --user "$who" token create schemathesis 2>/dev/null)"
  fuzz "$BASE" -H "Authorization: Bearer $TOKEN"
done
echo "== schemathesis: done"
