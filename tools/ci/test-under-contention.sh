#!/usr/bin/env bash
# The delivery engine's suites (libs/webhooks test/delivery-*.e2e-spec.ts) and every suite of
# libs/ingest, with a busy loop on each core beside them: the tests await conditions, not the
# clock, so starving them of CPU may slow them down but must not fail them (issue 26). Run by
# tools/ci/run-tests.sh after the main run; `BUSY_LOOPS` overrides the number of loops (one per core).
set -uo pipefail
cd "$(dirname "$0")/../.."
loops=${BUSY_LOOPS:-$(nproc)}
pids=()
stop_loops() {
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null; done
  wait "${pids[@]}" 2> /dev/null
  pids=()
}
trap stop_loops EXIT
for _ in $(seq "$loops"); do
  node -e 'for (;;) {}' &
  pids+=($!)
done
echo "under contention: $loops busy loop(s) beside the engine and ingest suites"
export NODE_OPTIONS='--experimental-vm-modules --disable-warning=ExperimentalWarning'
status=0
started=$SECONDS
(cd libs/webhooks && npx jest --passWithNoTests=false 'test/delivery-.*\.e2e-spec\.ts$' 2>&1 | sed -u 's/^/[contention] /') || status=1
(cd libs/ingest && npx jest --passWithNoTests=false 2>&1 | sed -u 's/^/[contention] /') || status=1
stop_loops
echo "under contention: exit $status after $((SECONDS - started)) s"
exit $status
