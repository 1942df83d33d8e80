#!/usr/bin/env bash
# Resident memory (VmRSS) of the service after load, per durable backend: the container image as the build made it
# (its own JDK 25, entrypoint and environment, i.e. its JDK_JAVA_OPTIONS and MALLOC_ARENA_MAX, started from the
# unpacked image in service/target/image-aot/rootfs: the same files, the host's kernel, no container runtime), beside
# the plain jar on JDK 17 with the JVM's defaults. Load: bench/wrk/lifecycle.lua, 5 s of warm-up, then 20 s at 8 and
# 20 s at 32 connections. Writes docs/benchmarks-memory.md.
#
#   bench/memory.sh [backend…]      default: sqlite postgres redis composite
#
# Needs the image (a build without -DskipImage), wrk (installed with apt-get when missing), jq, and PostgreSQL and
# Redis reachable at BENCH_PG_HOST:5432 (user postgres, no password: a database bench_memory is made anew) and
# BENCH_REDIS_URL (its keys under the prefix bench-memory, deleted at the end). BENCH_SKIP_BUILD=1 reuses the build.
set -euo pipefail
cd "$(dirname "$0")/.."
backends=("$@")
[[ ${#backends[@]} -gt 0 ]] || backends=(sqlite postgres redis composite)
pg_host=${BENCH_PG_HOST:-127.0.0.1}
redis_url=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
prefix=bench-memory

if ! command -v wrk > /dev/null; then
  if [[ $(id -u) == 0 ]]; then apt-get install -y -q wrk > /dev/null; else sudo apt-get install -y -q wrk > /dev/null; fi || true
fi
command -v wrk > /dev/null || { echo "wrk is missing and could not be installed: apt-get install wrk" >&2; exit 1; }
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -DskipTests -Dskip.npm package -pl service -am
fi
app="$PWD/service/target/quarkus-app"
image="$PWD/service/target/image-aot/rootfs"
tarball="$PWD/service/target/settlement-service-jvm.tar"
[[ -x "$image/opt/java/bin/java" && -f "$tarball" ]] || { echo "no image in service/target (built with -DskipImage?)" >&2; exit 1; }
config=$(tar -xOf "$tarball" "$(tar -xOf "$tarball" manifest.json | jq -r '.[0].Config')")
# the cache path made relative to the working directory, which is /home/jboss in the image and $image/home/jboss here
mapfile -t image_args < <(jq -r '.config.Entrypoint[1:-2][]' <<< "$config" | sed 's|^-XX:AOTCache=/home/jboss/|-XX:AOTCache=|')
mapfile -t image_env < <(jq -r '.config.Env[]' <<< "$config")
jdk_options=$(printf '%s\n' "${image_env[@]}" | sed -n 's/^JDK_JAVA_OPTIONS=//p')
arenas=$(printf '%s\n' "${image_env[@]}" | sed -n 's/^MALLOC_ARENA_MAX=//p')
work="$PWD/bench/target/memory"
rm -rf "$work" && mkdir -p "$work"
port=18094

options() { # the backend's settings, as system properties
  local pg=(-Dsettlement.postgres.url="jdbc:postgresql://$pg_host:5432/bench_memory" -Dsettlement.postgres.username=postgres)
  local redis=(-Dsettlement.redis.url="$redis_url" -Dsettlement.redis.key-prefix=$prefix)
  case "$1" in
    sqlite) echo -Dsettlement.store=sqlite -Dsettlement.sqlite.path="$work/$RANDOM$RANDOM.db" ;;
    postgres) echo -Dsettlement.store=postgres "${pg[@]}" ;;
    redis) echo -Dsettlement.store=redis "${redis[@]}" ;;
    composite) echo -Dsettlement.store=composite "${pg[@]}" "${redis[@]}" ;;
  esac
}
fresh_stores() {
  psql -q -h "$pg_host" -U postgres -d postgres -c 'DROP DATABASE IF EXISTS bench_memory' -c 'CREATE DATABASE bench_memory' \
    || { echo "PostgreSQL at $pg_host:5432 (user postgres) is needed" >&2; exit 1; }
  redis-cli -u "$redis_url" --scan --pattern "{$prefix}*" | xargs -r -n 1000 redis-cli -u "$redis_url" del > /dev/null
}
trap 'redis-cli -u "$redis_url" --scan --pattern "{$prefix}*" | xargs -r -n 1000 redis-cli -u "$redis_url" del > /dev/null' EXIT

measure() { # measure <variant> <backend>: prints "lifecycles/s at 8, at 32, RSS after, peak RSS"
  local variant=$1 backend=$2 pid
  read -r -a backend_options <<< "$(options "$backend")"
  if [[ "$variant" == image ]]; then
    (cd "$image/home/jboss" && exec env -i "${image_env[@]}" "$image/opt/java/bin/java" "${image_args[@]}" \
      -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$port "${backend_options[@]}" -jar quarkus-run.jar \
      > "$work/$variant-$backend.log" 2>&1) &
  else
    (cd "$app" && exec java -Dquarkus.http.port=$port "${backend_options[@]}" -jar quarkus-run.jar \
      > "$work/$variant-$backend.log" 2>&1) &
  fi
  pid=$!
  for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$port/q/health/ready" > /dev/null 2>&1 && break
    kill -0 "$pid" 2> /dev/null || { echo "the service exited; see $work/$variant-$backend.log" >&2; exit 1; }
    sleep 0.1
  done
  local run=$variant-$backend-$RANDOM rates=()
  WRK_RUN=$run-warm wrk -t8 -c8 -d5s -s bench/wrk/lifecycle.lua "http://127.0.0.1:$port" > /dev/null
  for connections in 8 32; do
    rates+=("$(WRK_RUN=$run-$connections wrk -t$connections -c$connections -d20s -s bench/wrk/lifecycle.lua \
      "http://127.0.0.1:$port" | awk '/^lifecycles\/s/ {printf "%.0f", $2}')")
  done
  echo "${rates[0]} ${rates[1]} $(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' /proc/$pid/status) \
$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' /proc/$pid/status)"
  kill "$pid"; wait "$pid" 2> /dev/null || true
}

rows=()
for backend in "${backends[@]}"; do
  for variant in image jar; do
    fresh_stores
    read -r at8 at32 rss peak <<< "$(measure "$variant" "$backend")"
    echo "$backend, $variant: $at8 / $at32 lifecycles/s, RSS after load $rss MiB (peak $peak)"
    label="image: JDK 25, \`$jdk_options\`"
    [[ "$variant" == jar ]] && label="plain jar: JDK 17, JVM defaults"
    rows+=("| $backend | $label | $at8 | $at32 | $rss | $peak |")
  done
done

{
  echo "# Memory"
  echo
  echo "Generated by \`bench/memory.sh\` on $(date -u +%Y-%m-%dT%H:%M:%SZ): $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs),"
  echo "$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1048576 )) GiB, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end. Resident memory (VmRSS) of the service"
  echo "after 5 s of warm-up and 20 s each at 8 and 32 connections of whole lifecycles (wrk, bench/wrk/lifecycle.lua),"
  echo "and its peak (VmHWM). The image runs as the build made it: its JDK 25 and AOT cache, its entrypoint and"
  echo "environment (\`JDK_JAVA_OPTIONS=$jdk_options\`, \`MALLOC_ARENA_MAX=$arenas\`), started from the unpacked"
  echo "layers without a container runtime. The plain jar runs with the JVM's own defaults, which size the heap from"
  echo "the host's memory (a quarter of it at most) and pick G1 on two or more CPUs. One run each; throughput on two"
  echo "cores shared with wrk and the databases varies by about a tenth from run to run."
  echo
  echo "| backend | JVM settings | lifecycles/s, 8 conns | lifecycles/s, 32 conns | RSS after load, MiB | peak RSS, MiB |"
  echo "|---|---|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} > docs/benchmarks-memory.md
cat docs/benchmarks-memory.md
