#!/usr/bin/env bash
# The JVM image as a user runs it: loads the tarball the build wrote, starts it with the SQLite backend on a named
# volume, runs the example walk-through against it, restarts the container and checks that everything it wrote is
# still there. Needs a container runtime, so it is not part of `mvn verify`; see docs/deploy.md.
#   service/src/test/container/container-walkthrough.sh [IMAGE-TARBALL]   (default service/target/settlement-service-jvm.tar)
# Environment: CONTAINER_RUNTIME (default podman, else docker), CONTAINER_RUN_OPTIONS (extra options for `run`,
# e.g. "--runtime runc"), PORT (host port on 127.0.0.1, default 18080).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../../../.." && pwd)
tarball=${1:-$repo/service/target/settlement-service-jvm.tar}
runtime=${CONTAINER_RUNTIME:-$(command -v podman || command -v docker || true)}
[ -n "$runtime" ] || { echo "container-walkthrough: no podman or docker on PATH" >&2; exit 2; }
[ -f "$tarball" ] || { echo "container-walkthrough: $tarball not found; build it with: mvn -B package -DskipTests" >&2; exit 2; }
port=${PORT:-18080}
base=http://127.0.0.1:$port
name=settlement-walkthrough-$$
read -r -a run_options <<< "${CONTAINER_RUN_OPTIONS:-}"

image=$(tar -xOf "$tarball" manifest.json | sed -E 's/.*"RepoTags":\["([^"]+)".*/\1/')
echo "== $runtime load -i $tarball ($image)"
"$runtime" load -i "$tarball"

cleanup() {
  "$runtime" rm -f "$name" > /dev/null 2>&1 || true
  "$runtime" volume rm -f "$name" > /dev/null 2>&1 || true
}
trap cleanup EXIT
"$runtime" volume create "$name" > /dev/null

started=0
start() {
  started=$(date +%s%N)
  "$runtime" run -d --name "$name" -p "127.0.0.1:$port:8080" -v "$name:/var/lib/settlement" \
    -e QUARKUS_PROFILE=sqlite "${run_options[@]}" "$image" > /dev/null
  wait_ready
}
wait_ready() {
  for _ in $(seq 120); do
    if curl -sf -m 2 "$base/q/health/ready" > /dev/null; then
      echo "== ready after $(( ($(date +%s%N) - started) / 1000000 )) ms"
      return
    fi
    sleep 0.5
  done
  echo "!! not ready within 60 s; its log:" >&2
  "$runtime" logs "$name" >&2
  exit 1
}

echo "== $runtime run ... -v $name:/var/lib/settlement -e QUARKUS_PROFILE=sqlite $image"
start
"$runtime" logs "$name" 2>&1 | grep -E 'Settlement store|started in' || true
bash "$repo/examples/walkthrough.sh" "$base"

before=$(curl -sf "$base/settlements?limit=1000")
echo "== restarting the container: the SQLite file is on the volume"
"$runtime" stop -t 30 "$name" > /dev/null
started=$(date +%s%N)
"$runtime" start "$name" > /dev/null
wait_ready
after=$(curl -sf "$base/settlements?limit=1000")
[ "$before" = "$after" ] || { echo "!! the settlements differ after the restart" >&2; exit 1; }
user=$("$runtime" inspect -f '{{.Config.User}}' "$name")
[ "$user" = 185 ] || { echo "!! the container runs as '$user', not 185" >&2; exit 1; }
echo "== container walk-through passed: $(printf '%s' "$after" | grep -o '"id"' | wc -l) settlements kept across the restart, user $user"
