#!/usr/bin/env bash
# Runs the reliability tests against a freshly packaged service and regenerates docs/reliability.md.
#   reliability/run.sh                      all of them
#   reliability/run.sh CrashIT              one class
#   reliability/run.sh 'CrashIT#*' -Dreliability.seed=42   one class, replaying a seed
#   reliability/run.sh --soak [backend…] [-D…]   soak mode, outside CI (see README.md, "Soak mode"): per backend
#                                                (sqlite postgres redis composite by default) 100 SIGKILLs, 100,000
#                                                hostile inputs and 2 instances x 32 threads; fills the soak table
# Other modules' tests are skipped; the service is packaged first (the reactor builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
run() {
    mvn -B -pl reliability -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
        -Dit.test="$1" -Dfailsafe.failIfNoSpecifiedTests=false -Dreliability.report=true "${@:2}"
}
if [[ "${1:-}" != --soak ]]; then
    tests="${1:-*IT}"
    shift || true
    run "$tests" "$@"
    exit
fi
shift
backends=()
while [[ $# -gt 0 && "$1" != -* ]]; do
    backends+=("$1")
    shift
done
[[ ${#backends[@]} -gt 0 ]] || backends=(sqlite postgres redis composite)
failed=()
for backend in "${backends[@]}"; do
    # memory keeps nothing across a kill; sqlite is one process's file, so it has no two-instance run
    tests='CrashIT,HostileInputIT#randomAndAdversarial*'
    [[ "$backend" == sqlite ]] || tests="$tests,MultiInstanceIT"
    echo "=== soak $backend: $tests ($(date -u +%FT%TZ))"
    start=$SECONDS
    if run "$tests" -Dreliability.soak=true -Dreliability.backends="$backend" "$@"; then
        echo "=== soak $backend passed in $(( (SECONDS - start) / 60 )) min ($(date -u +%FT%TZ))"
    else
        echo "=== soak $backend FAILED after $(( (SECONDS - start) / 60 )) min ($(date -u +%FT%TZ))"
        failed+=("$backend")
    fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "=== soak failed on: ${failed[*]}"
    exit 1
fi
