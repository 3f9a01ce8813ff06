#!/usr/bin/env bash
# The PostgreSQL-facing suites of both libraries (store contracts, the delivery engine, migrations and
# partitions, ingest end to end) on every supported major older than the workspace's own 18, one
# after the other: each Jest run starts an embedded server of that major (PG_MAJOR, see @org/dev-db).
# The whole suite runs on 18 through `nx run-many`; this runs beside it (tools/ci/run-tests.sh).
set -uo pipefail
cd "$(dirname "$0")/../.."
majors=${PG_MAJORS:-15 16 17}
status=0
for major in $majors; do
  for lib in webhooks ingest; do
    echo "[pg$major] @org/$lib"
    (cd "libs/$lib" && PG_MAJOR=$major NODE_OPTIONS='--experimental-vm-modules --disable-warning=ExperimentalWarning' \
      npx jest --passWithNoTests=false 2>&1 | sed -u "s/^/[pg$major] /") || status=1
  done
done
exit $status
