#!/usr/bin/env bash
# The console's page times with 100,000 settlements in the store, on SQLite and PostgreSQL (issue 13's target:
# under 50 ms a page); writes docs/benchmarks-console.md.
#
#   bench/console-render.sh [rows] [repetitions]      defaults: 100000 200
#
# Needs what bench/run.sh needs (PostgreSQL running or installable; test-support reaches or starts it). About two
# minutes on 2 cores. BENCH_SKIP_BUILD=1 reuses the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  echo "Building the service and the bench app…"
  mvn -B -q -DskipTests -DskipImage package -pl service,bench -am
fi

exec java -Djava.awt.headless=true \
  -Dbench.service-jar=service/target/quarkus-app/quarkus-run.jar \
  -Dbench.docs=docs -Dbench.work=bench/target/bench-work \
  -jar bench/target/quarkus-app/quarkus-run.jar console "$@"
