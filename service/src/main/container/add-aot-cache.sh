#!/usr/bin/env bash
# Adds a JDK AOT cache (JEP 483/514) to the image tarball Jib wrote, with no container runtime: unpacks the image's
# layers into a directory, starts the image's own entrypoint from there with -XX:AOTCacheOutput (its own jlink'ed
# JDK 25, its own jars, the working directory it has in the image), trains it with a few lifecycles over HTTP, then
# appends the cache as one more layer and adds -XX:AOTCache to the entrypoint. Last, it starts the unpacked image
# again with -XX:AOTMode=on, which refuses to start on a cache the JVM cannot use: a cache that would be silently
# ignored in the image fails the build here.
#   add-aot-cache.sh IMAGE-TARBALL WORK-DIR
# The cache is valid only for the exact JVM and jars it was trained with, and the JVM checks each jar's size and
# modification time: the files are unpacked with the times Jib gave them, so the check passes in the image too.
# Needs: bash, tar, gzip, sha256sum, curl, jq (installed with apt-get when missing and running as root).
set -euo pipefail

tarball=${1:?usage: add-aot-cache.sh IMAGE-TARBALL WORK-DIR}
work=${2:?usage: add-aot-cache.sh IMAGE-TARBALL WORK-DIR}
home=/home/jboss
cache=app.aot
if ! command -v jq > /dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get > /dev/null; then
    apt-get install -y -q jq > /dev/null || { apt-get update -q > /dev/null && apt-get install -y -q jq > /dev/null; }
  else
    echo "add-aot-cache: needs jq (Debian: apt-get install jq), or build with -DskipImage" >&2; exit 1
  fi
fi

rm -rf "$work" && mkdir -p "$work/image" "$work/rootfs"
tar -xf "$tarball" -C "$work/image"
manifest="$work/image/manifest.json"
config="$work/image/$(jq -r '.[0].Config' "$manifest")"
while read -r layer; do
  case "$layer" in *gz) tar -xzf "$work/image/$layer" -C "$work/rootfs" ;; *) tar -xf "$work/image/$layer" -C "$work/rootfs" ;; esac
done < <(jq -r '.[0].Layers[]' "$manifest")
[[ $(jq -r '.config.WorkingDir' "$config") == "$home" ]] || { echo "add-aot-cache: the image's working directory is not $home" >&2; exit 1; }
java="$work/rootfs/opt/java/bin/java"
"$java" -XX:AOTMode=off -version 2>&1 | grep -q 'version "2[5-9]\|version "[3-9][0-9]' \
  || { echo "add-aot-cache: the image's JVM ($("$java" -version 2>&1 | head -n 1)) has no AOT cache (JDK 25 or later)" >&2; exit 1; }
# the entrypoint without its leading `java` and trailing `-jar quarkus-run.jar`, and the image's environment (its
# JDK_JAVA_OPTIONS among it: the cache is trained under the JVM settings it is used with)
mapfile -t jvm_args < <(jq -r '.config.Entrypoint[1:-2][]' "$config")
mapfile -t image_env < <(jq -r '.config.Env[]' "$config")

port=$(( 20000 + RANDOM % 20000 ))
base=http://127.0.0.1:$port
pid=
stop() { [[ -z "$pid" ]] && return; kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; pid=; }
trap stop EXIT
start() { # start <log> <extra JVM options…>: the image's entrypoint, run from its working directory
  local log=$1; shift
  (cd "$work/rootfs$home" && exec env -i "${image_env[@]}" "$java" "${jvm_args[@]}" "$@" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$port -Dsettlement.sqlite.path="$work/training.db" \
    -jar quarkus-run.jar > "$log" 2>&1) &
  pid=$!
  for _ in $(seq 600); do
    curl -sf -m 2 "$base/q/health/ready" > /dev/null && return
    kill -0 "$pid" 2> /dev/null || { echo "add-aot-cache: the service exited; its log:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  echo "add-aot-cache: not ready within 60 s; see $log" >&2; exit 1
}
post() { curl -sf -m 10 -X POST "$base$1" -H 'Content-Type: application/json' -d "$2"; }

echo "add-aot-cache: training on $("$java" -version 2>&1 | head -n 1)"
start "$work/training.log" -XX:AOTCacheOutput="$cache"
# what a user's first minutes look like: whole lifecycles, reads, lists, the health, metrics and API documents
events=('{"type":"USER_LOCKED","escrowId":"escrow-1","txHash":"0xabc"}'
  '{"type":"SOLVER_LOCKED","bondId":"bond-1","txHash":"0xdef"}' '{"type":"IBC_TRANSFER_STARTED","sequence":7,"txHash":"0x123"}')
for i in $(seq 40); do
  id=aot-training-$i
  post /settlements '{"id":"'"$id"'","intentId":"'"$id"'","solverId":"solver-'$(( i % 4 ))'","userAddress":"cosmos1user",
    "inputAsset":{"chainId":"a","denom":"b","amount":"1"},"outputAsset":{"chainId":"c","denom":"d","amount":"2"}}' > /dev/null
  for event in "${events[@]}"; do post "/settlements/$id/events" "$event" > /dev/null; done
  post "/settlements/$id/complete" '{"result":"SUCCESS","outputDelivered":"2","txHash":"0x456"}' > /dev/null
  curl -sf "$base/settlements/$id" > /dev/null
  curl -sf "$base/settlements?solverId=solver-$(( i % 4 ))&limit=10" > /dev/null
done
curl -sf "$base/q/health" > /dev/null; curl -sf "$base/q/metrics" > /dev/null; curl -sf "$base/q/openapi" > /dev/null
stop   # the JVM writes the cache as it exits
[[ -s "$work/rootfs$home/$cache" ]] || { echo "add-aot-cache: no cache written; see $work/training.log" >&2; exit 1; }

# the cache as one more layer, /home/jboss/app.aot: root's, readable by the service's user
layer="$work/aot-layer.tar"
tar --create --file "$layer" --directory "$work/rootfs" --numeric-owner --owner=0 --group=0 --mode=0644 \
  --mtime='1970-01-01 00:00:01Z' ".$home/$cache"
diff_id=$(sha256sum "$layer" | cut -d' ' -f1)
gzip -n -6 "$layer" && mv "$layer.gz" "$work/image/$diff_id.tar.gz"
jq --arg diff "sha256:$diff_id" --arg cache "-XX:AOTCache=$home/$cache" \
   --arg jvm "$("$java" -version 2>&1 | head -n 1 | tr -d '"')" '
  .rootfs.diff_ids += [$diff]
  | .history += [{"created_by": ("service/src/main/container/add-aot-cache.sh (AOT cache, " + $jvm + ")")}]
  | .config.Entrypoint = [.config.Entrypoint[0], $cache] + .config.Entrypoint[1:]' "$config" > "$work/config.json"
config_name=$(sha256sum "$work/config.json" | cut -d' ' -f1).json
rm "$config" && mv "$work/config.json" "$work/image/$config_name"
jq --arg config "$config_name" --arg layer "$diff_id.tar.gz" \
  '.[0].Config = $config | .[0].Layers += [$layer]' "$manifest" > "$work/manifest.json" && mv "$work/manifest.json" "$manifest"

# the image's JVM must accept the cache: AOTMode=on refuses to start otherwise
rm -f "$work/training.db"*
start "$work/check.log" -XX:AOTCache="$cache" -XX:AOTMode=on
stop
(cd "$work/image" && tar --create --file "$tarball.new" --sort=name --mtime='1970-01-01' --owner=0 --group=0 \
  --numeric-owner manifest.json "$config_name" $(jq -r '.[0].Layers[]' manifest.json)) && mv "$tarball.new" "$tarball"
rm -rf "$work/image"
echo "add-aot-cache: $tarball now starts with -XX:AOTCache=$home/$cache ($(du -h "$work/rootfs$home/$cache" | cut -f1) cache, \
$(du -h "$tarball" | cut -f1) image; the unpacked image stays in $work/rootfs)"
