#!/bin/bash
# The statements a shipment and its acceptance run, replayed with EXPLAIN (ANALYZE, BUFFERS)
# (docs/BENCHMARKS.md, issue 5). Needs a PostgreSQL server with the test harness's settings
# (hub/testkit/src/cluster.rs) reachable by psql's environment (PGHOST, PGPORT, PGUSER).
#   variant.sh NAME N UPTO [extra.sql]: database NAME with migrations up to number UPTO (e.g.
#   0018 or 0020), then extra.sql (a variant: drop an index, set a fillfactor), then N codes per set;
#   then: psql -d NAME -v n=N -v set=2 -f ship.sql; psql -d NAME -v n=N -v set=2 -f accept.sql
set -e
here=$(dirname "$0")
P="psql -v ON_ERROR_STOP=1 -q"
$P -c "drop database if exists $1" -c "create database $1"
for f in "$here"/../../../store/migrations/*.sql; do
    [[ "$(basename "$f")" > "$3~" ]] && continue
    $P -d "$1" -1 -f "$f" >/dev/null
done
[ -n "$4" ] && $P -d "$1" -f "$4"
$P -d "$1" -v n="$2" -f "$here/load.sql"
