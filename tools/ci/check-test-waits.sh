#!/usr/bin/env bash
# Fails on a fixed sleep in test code: tests await a condition (libs/common/test/support/until.ts),
# give the engine its chance with a probe, or move a ManualClock / Jest's fake timers; they never wait
# on the clock (CONTRIBUTING.md, "How tests wait"). Test code: *.spec.ts, *.e2e-spec.ts and every .ts
# under a test/ folder. A line that is not a wait (an endpoint's modelled delay, the poll interval of
# `until` itself) says why in a `// not-a-wait: <why>` comment on it or on the line above; keep those few.
set -euo pipefail
cd "$(dirname "$0")/../.."
git ls-files -z --cached --others --exclude-standard -- 'libs/**/*.ts' 'apps/**/*.ts' 'tools/**/*.ts' |
  grep -zE '(\.spec\.ts|\.e2e-spec\.ts|/test/.*\.ts)$' |
  xargs -0 awk '
    FNR == 1 { previous = "" }
    /(^|[^A-Za-z0-9_.])(setTimeout|setInterval|pause|sleep|delay|wait)\(|timers\/promises/ {
      if ($0 !~ /not-a-wait:/ && previous !~ /not-a-wait:/) {
        printf "%s:%d: %s\n", FILENAME, FNR, $0
        found++
      }
    }
    { previous = $0 }
    END {
      if (found) {
        printf "\n%d fixed wait(s) in test code: await a condition (until), a probe, or a ManualClock instead;\n", found
        print "a line that is not a wait says why in a `// not-a-wait: <why>` comment (see CONTRIBUTING.md)."
        exit 1
      }
    }'
echo "check-test-waits: no fixed sleep in test code ($(git grep -c 'not-a-wait:' -- 'libs/**/*.ts' 'apps/**/*.ts' 'tools/**/*.ts' | awk -F: '{ n += $2 } END { print n + 0 }') marked exceptions)"
