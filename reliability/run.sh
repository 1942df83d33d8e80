#!/usr/bin/env bash
# Runs the reliability tests against a freshly packaged service and regenerates docs/reliability.md.
#   reliability/run.sh                      all of them
#   reliability/run.sh CrashIT              one class
#   reliability/run.sh 'CrashIT#*' -Dreliability.seed=42   one class, replaying a seed
# Other modules' tests are skipped; the service is packaged first (the reactor builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
tests="${1:-*IT}"
shift || true
mvn -B -pl reliability -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test="$tests" -Dfailsafe.failIfNoSpecifiedTests=false -Dreliability.report=true "$@"
