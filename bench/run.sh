#!/usr/bin/env bash
# Runs the benchmarks and regenerates docs/benchmarks.md and its plots (docs/benchmarks-*.png).
#
#   bench/run.sh                     quick mode (under 10 minutes on 2 cores), every backend
#   bench/run.sh sqlite redis        only these backends (memory, sqlite, postgres, redis, composite)
#   bench/run.sh --full [backend…]   longer and more runs, 1M rows everywhere
#   bench/run.sh --report            only regenerate the doc from the last run's bench/target/bench-work/results.json
#
# Needs what the tests need (README, "Test services"): JDK 17, Maven, and PostgreSQL and Redis running locally or
# installed as packages (test-support reaches or starts them). BENCH_SKIP_BUILD=1 reuses the jars already built;
# BENCH_JFR=1 records a JFR profile of each store/query child into bench/target/bench-work/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  echo "Building the service and the bench app…"
  mvn -B -q -DskipTests package -pl service,bench -am
fi

command=run
if [[ "${1:-}" == "--report" ]]; then
  command=report
  shift
fi
exec java -Djava.awt.headless=true \
  -Dbench.jar=bench/target/quarkus-app/quarkus-run.jar \
  -Dbench.service-jar=service/target/quarkus-app/quarkus-run.jar \
  -Dbench.docs=docs -Dbench.analysis=bench/analysis.md -Dbench.work=bench/target/bench-work \
  -jar bench/target/quarkus-app/quarkus-run.jar "$command" "$@"
