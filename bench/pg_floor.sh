#!/usr/bin/env bash
# What PostgreSQL alone can do with Keel's set write on this machine: pgbench
# sends the statement that logs a set (keel-store-postgres/src/add_set.rs,
# a set plus three decisions, without the revision counts compared) straight
# to the server, with no HTTP, no Keel and no journal, so its throughput and
# latency bound what set logging through Keel can reach here.
#
#   crates/keel-web/benches/pg_floor.sh SCHEMA [SECONDS]
#
# SCHEMA is one the load benchmark seeded and kept
# (`load --keep-schema SCHEMA --seed-only`). The connection comes from
# KEEL_BENCH_POSTGRES_URL, else KEEL_TEST_POSTGRES_URL. Each pgbench client
# logs for its own athletes (as the load benchmark's connections do), 64
# clients and then 8 (the server's database slots on 2 cores). Afterwards
# today's sessions and the decisions written here are deleted again.
set -euo pipefail

schema=${1:?usage: pg_floor.sh SCHEMA [SECONDS]}
seconds=${2:-20}
url=${KEEL_BENCH_POSTGRES_URL:-${KEEL_TEST_POSTGRES_URL:?set KEEL_BENCH_POSTGRES_URL or KEEL_TEST_POSTGRES_URL}}
[[ $schema =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "pg_floor: schema must be a plain lower-case name" >&2; exit 2; }
command -v pgbench >/dev/null || { echo "pg_floor: needs pgbench (apt-get install postgresql-client)" >&2; exit 2; }

if [[ $(psql -qAtX -d "$url" -c "SELECT to_regclass('$schema.users') IS NOT NULL") != t ]]; then
  echo "pg_floor: no schema $schema with Keel's tables (seed one: load --keep-schema $schema --seed-only)" >&2
  exit 2
fi
read -r first last count < <(psql -qAtX -F ' ' -d "$url" -c \
  "SELECT min(id), max(id), count(*) FROM $schema.users WHERE name LIKE 'athlete%'")
if [[ -z $first || $count -ne $((last - first + 1)) || $count -lt 64 ]]; then
  echo "pg_floor: $schema needs at least 64 athletes with consecutive ids (seed it with the load benchmark)" >&2
  exit 2
fi
per_client=$((count / 64))
today=2026-11-23 # the load benchmark's today
# The statement only writes for an athlete whose newest plan is $version;
# any other would be counted as a write that wrote nothing.
read -r version versions < <(psql -qAtX -F ' ' -d "$url" -c \
  "SELECT max(latest), count(DISTINCT latest) FROM (SELECT max(version) AS latest
     FROM $schema.plans WHERE user_id BETWEEN $first AND $last GROUP BY user_id) AS p")
if [[ $versions -ne 1 ]]; then
  echo "pg_floor: the athletes of $schema are on different plan versions; seed a fresh schema" >&2
  exit 2
fi

work=$(mktemp -d)
cleanup() {
  psql -qAtX -d "$url" -c "DELETE FROM $schema.decisions WHERE position >= 100000" \
    -c "DELETE FROM $schema.sessions WHERE date = '$today'" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

decision='{"date": "'$today'", "slot": {"day": "a", "block": 3, "planned": "household-carry"}, "decision": {"cues": [], "action": {"kind": "repeat"}, "reasons": ["Repeat, no progression: not every target was met (2 of 3 sets done)."], "working": {"kind": "carry", "load": {"kind": "bodyweight"}, "sets": 3, "metres": 20, "seconds": null, "target_rpe": 7}, "exercise": "household-carry", "next_kind": "normal", "prescription": {"kind": "carry", "load": {"kind": "bodyweight"}, "sets": 3, "metres": 20, "seconds": null, "target_rpe": 7}}}'
set_data='{"set": {"rpe": 7, "load": {"kind": "bodyweight"}, "note": null, "pain": 0, "actual": {"kind": "metres", "value": 20}, "faults": [], "target": {"kind": "metres", "value": 20}, "sharp_pain": false, "quality_reps": null}, "date": "'$today'", "kind": "normal", "slot": {"day": "a", "block": 3, "planned": "household-carry"}, "exercise": "household-carry", "prescription": {"kind": "carry", "load": {"kind": "bodyweight"}, "sets": 3, "metres": 20, "seconds": null, "target_rpe": 7}}'

# Client c logs for athletes first + c, first + c + 64, ...: never two
# clients for one athlete, whose sets would race for the same number.
cat >"$work/set.sql" <<SQL
\set k random(0, $((per_client - 1)))
\set uid $first + :client_id + 64 * :k
WITH guard AS (
  UPDATE $schema.users SET rev_log = rev_log + 1, rev_decisions = rev_decisions + 1
  WHERE id = :uid
    AND (SELECT MAX(version) FROM $schema.plans WHERE user_id = :uid) = $version
    AND NOT EXISTS (SELECT 1 FROM $schema.sessions WHERE user_id = :uid AND date = '$today'
                      AND plan_version IS DISTINCT FROM $version)
  RETURNING rev_setup, rev_plans, rev_log, rev_check_ins, rev_safety, rev_records, rev_decisions
), found AS (
  SELECT id FROM $schema.sessions WHERE user_id = :uid AND date = '$today' AND EXISTS (SELECT 1 FROM guard)
), made AS (
  INSERT INTO $schema.sessions (user_id, date, plan_version, created_at)
  SELECT :uid, '$today', $version, 1 FROM guard WHERE NOT EXISTS (SELECT 1 FROM found)
  RETURNING id
), session AS (
  SELECT id, FALSE AS made FROM found UNION ALL SELECT id, TRUE FROM made
), added AS (
  INSERT INTO $schema.sets (session_id, user_id, number, block, day_kind, planned_exercise,
                            exercise, kind, data, recorded_at)
  SELECT session.id, :uid,
         (SELECT COALESCE(MAX(number), 0) + 1 FROM $schema.sets WHERE session_id = session.id),
         3, 'a', 'household-carry', 'household-carry', 'normal', '$set_data'::jsonb, 1
  FROM session
  RETURNING id, number
), dropped AS (
  DELETE FROM $schema.decisions
  WHERE user_id = :uid AND plan_version = $version AND position >= 200000
    AND EXISTS (SELECT 1 FROM guard)
), rewritten AS (
  INSERT INTO $schema.decisions (user_id, plan_version, position, date, block, day_kind,
                                 planned_exercise, data, halt)
  SELECT :uid, $version, d.position, d.date, d.block, d.day_kind, d.planned, d.data, d.halt
  FROM unnest(ARRAY[100000, 100001, 100002]::bigint[], ARRAY['$today', '$today', '$today']::date[],
              ARRAY[3, 3, 3]::bigint[], ARRAY['a', 'a', 'a']::text[],
              ARRAY['household-carry', 'household-carry', 'household-carry']::text[],
              ARRAY['$decision', '$decision', '$decision']::jsonb[],
              ARRAY[false, false, false]::boolean[])
       AS d (position, date, block, day_kind, planned, data, halt)
  WHERE EXISTS (SELECT 1 FROM guard)
  ON CONFLICT (user_id, plan_version, position) DO UPDATE
  SET date = EXCLUDED.date, block = EXCLUDED.block, day_kind = EXCLUDED.day_kind,
      planned_exercise = EXCLUDED.planned_exercise, data = EXCLUDED.data,
      halt = EXCLUDED.halt
)
SELECT rev_log, session.id, session.made, added.id, added.number FROM guard, session, added;
SQL

echo "pg_floor: Keel's set write straight to PostgreSQL, $count athletes in $schema, $seconds s a run"
for clients in 64 8; do
  (cd "$work" && rm -f pgbench_log.* &&
    pgbench -d "$url" -n -c "$clients" -j 2 -T "$seconds" -M prepared -l -f set.sql >pgbench.out 2>&1) ||
    { cat "$work/pgbench.out" >&2; exit 1; }
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgbench.out")
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$work/pgbench.out")
  # The third field of pgbench's per-transaction log is its latency in us.
  cat "$work"/pgbench_log.* | awk '{print $3}' | sort -n | awk -v c="$clients" -v tps="$tps" -v f="$failed" '
    { a[NR] = $1 }
    END { printf "%2d clients: %d sets, %.0f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d failed\n",
          c, NR, tps, a[int(NR * 0.5)] / 1000, a[int(NR * 0.99)] / 1000, a[NR] / 1000, f }'
done
