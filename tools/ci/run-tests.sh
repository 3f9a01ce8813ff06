#!/usr/bin/env bash
# `npm test`: formatting, then two streams side by side on the two cores: every target of every
# project through Nx on PostgreSQL 18 (lint, typecheck, the public API reports, test, and
# test-fastify: the HTTP-facing suites again on Fastify, `TEST_HTTP_ADAPTER=fastify`), and the
# libraries' PostgreSQL suites on 15, 16 and 17 (test-pg-majors.sh). Fails when either fails; both
# always run to the end. The Dockerfile's check is a project's test among the others
# (@org/docker-check, ~15 s after the @org/api build it depends on): it needs the test run's
# PostgreSQL, as the Nx stream has it. Before them, a grep for fixed sleeps in test code
# (check-test-waits.sh); after them, the engine and ingest suites again beside a busy loop on each
# core (test-under-contention.sh), which must pass too.
set -uo pipefail
cd "$(dirname "$0")/../.."
npx prettier --check . || exit 1
bash tools/ci/check-test-waits.sh || exit 1
bash tools/ci/test-pg-majors.sh &
majors=$!
npx nx run-many -t lint typecheck api-report test test-fastify --parallel=1 --outputStyle=stream
main=$?
wait "$majors"
older=$?
bash tools/ci/test-under-contention.sh
contended=$?
echo "nx run-many (PostgreSQL 18): exit $main; PostgreSQL 15-17 suites: exit $older; under contention: exit $contended"
[ "$main" -eq 0 ] && [ "$older" -eq 0 ] && [ "$contended" -eq 0 ]
