#!/usr/bin/env bash
# The cost of the change feed: store-level lifecycle throughput of the commit before the feed and of this checkout,
# measured in one sitting (alternating), and webhook delivery throughput; writes docs/benchmarks-feed.md.
#
#   bench/feed-cost.sh [backend…]          BEFORE=<commit> to compare with another commit (default: the one before
#                                          the feed, 9d8d4c9)
#   bench/feed-cost.sh --report            only regenerate the doc from the last run's bench/target/bench-work/feed-cost.json
#
# Needs what bench/run.sh needs. About 15 minutes for all five backends on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
before_commit="${BEFORE:-9d8d4c9}"
before_dir="bench/target/feed-cost-before"

if [[ "${1:-}" == "--report" ]]; then
  exec java -Djava.awt.headless=true -Dbench.docs=docs -Dbench.work=bench/target/bench-work \
    -jar bench/target/quarkus-app/quarkus-run.jar feed-cost --report
fi

git worktree prune
if [[ ! -d "$before_dir" ]]; then
  git worktree add --detach "$before_dir" "$before_commit"
fi
echo "Building the bench app of $before_commit and of this checkout…"
(cd "$before_dir" && mvn -B -q -DskipTests -DskipImage package -pl bench -am)
mvn -B -q -DskipTests -DskipImage package -pl bench -am

exec java -Djava.awt.headless=true \
  -Dbench.jar=bench/target/quarkus-app/quarkus-run.jar \
  -Dbench.docs=docs -Dbench.work=bench/target/bench-work \
  -jar bench/target/quarkus-app/quarkus-run.jar feed-cost "$before_dir/bench/target/quarkus-app/quarkus-run.jar" "$@"
