#!/usr/bin/env bash
# Runs the benchmarks and regenerates docs/benchmarks.md and its plots (docs/benchmarks-*.png).
#
#   bench/run.sh                     quick mode (under 10 minutes on 2 cores), every backend
#   bench/run.sh sqlite redis        only these backends (memory, sqlite, postgres, redis, composite)
#   bench/run.sh --full [backend…]   longer and more runs, 1M rows everywhere
#   bench/run.sh --report            only regenerate the doc from the last run's bench/target/bench-work/results.json
#   BENCH_BEFORE=results.json …      adds a before/after section against that earlier run (bench/analysis.md says how)
#
# Needs what the tests need (README, "Test services"): JDK 17, Maven, and PostgreSQL and Redis running locally or
# installed as packages (test-support reaches or starts them); and wrk, which it installs with apt-get when missing.
# BENCH_SKIP_BUILD=1 reuses the jars already built; BENCH_JFR=1 records a JFR profile of each store/query child into
# bench/target/bench-work/.
set -euo pipefail
cd "$(dirname "$0")/.."

# wrk drives the HTTP load (a C client: the JDK's costs as much CPU as the service); Debian packages it
if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk (Debian package)…"
  if [[ "$(id -u)" == 0 ]]; then apt-get install -y -q wrk; else sudo apt-get install -y -q wrk; fi || true
fi
command -v wrk >/dev/null 2>&1 || { echo "wrk is missing and could not be installed: apt-get install wrk" >&2; exit 1; }

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
  -Dbench.wrk-script=bench/wrk/lifecycle.lua ${BENCH_BEFORE:+-Dbench.before="$BENCH_BEFORE"} \
  -Dbench.docs=docs -Dbench.analysis=bench/analysis.md -Dbench.work=bench/target/bench-work \
  -jar bench/target/quarkus-app/quarkus-run.jar "$command" "$@"
