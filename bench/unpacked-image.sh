# Sourced by the bench scripts that run the container image as the build made it, without a container runtime: the
# unpacked layers in service/target/image-aot/rootfs (add-aot-cache.sh leaves them there), the same files on the
# host's kernel. Builds first unless BENCH_SKIP_BUILD=1, then sets
#   app         the plain jar's directory (service/target/quarkus-app)
#   image       the unpacked image's root
#   image_args  its entrypoint between `java` and `-jar quarkus-run.jar`, the AOT cache's path made relative to the
#               working directory (/home/jboss in the image, $image/home/jboss here)
#   image_env   its environment (JDK_JAVA_OPTIONS, MALLOC_ARENA_MAX, …)
# and defines run_image <JVM options…>: execs the image's JVM as its entrypoint does, from its working directory, with
# only its environment, the options given added before -jar.
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -DskipTests -Dskip.npm package -pl service -am
fi
app="$PWD/service/target/quarkus-app"
image="$PWD/service/target/image-aot/rootfs"
image_tarball="$PWD/service/target/settlement-service-jvm.tar"
[[ -x "$image/opt/java/bin/java" && -f "$image_tarball" ]] \
  || { echo "no image in service/target (built with -DskipImage?)" >&2; exit 1; }
image_config=$(tar -xOf "$image_tarball" "$(tar -xOf "$image_tarball" manifest.json | jq -r '.[0].Config')")
mapfile -t image_args < <(jq -r '.config.Entrypoint[1:-2][]' <<< "$image_config" \
  | sed 's|^-XX:AOTCache=/home/jboss/|-XX:AOTCache=|')
mapfile -t image_env < <(jq -r '.config.Env[]' <<< "$image_config")
run_image() {
  cd "$image/home/jboss" && exec env -i "${image_env[@]}" "$image/opt/java/bin/java" "${image_args[@]}" "$@" \
    -jar quarkus-run.jar
}
