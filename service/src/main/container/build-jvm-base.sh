#!/usr/bin/env bash
# Builds the service's JVM base image as a `docker save` tarball, with no daemon and no registry:
# a jlink'ed Java runtime from JAVA_HOME (the service's build passes -Dimage.jdk: JDK 25, whose AOT cache
# add-aot-cache.sh adds to the finished image), the few glibc/zlib/libstdc++ files it loads
# (copied from this machine), an unprivileged user 185 and the data directory for the SQLite file.
#   build-jvm-base.sh OUTPUT-DIR        writes OUTPUT-DIR/jvm-base.tar (Jib reads it as tar://OUTPUT-DIR/jvm-base.tar)
# Needs: a JDK 17 or later (JAVA_HOME, or the one on PATH) with jmods, or 24 or later without (JEP 493 links from
# the JDK's own run-time image); bash, tar, sha256sum, ldd (Linux x86_64/aarch64).
set -euo pipefail

out=${1:?usage: build-jvm-base.sh OUTPUT-DIR}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
# The modules the service uses: jdeps over its jars, plus java.rmi (loaded by context propagation at start-up),
# TLS's elliptic curves and zipfs. A missing one shows as ClassNotFoundException: java.… when the image starts.
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.rmi,java.security.jgss,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.management,jdk.unsupported,jdk.zipfs

feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2>/dev/null || true)
[ -n "$feature" ] || { echo "build-jvm-base: $java_home is not a JDK (no release file); set -Dimage.jdk" >&2; exit 1; }
link_from=() compress=zip-6
[ "$feature" -ge 21 ] || compress=2
if [ -d "$java_home/jmods" ]; then
  link_from=(--module-path "$java_home/jmods")
elif [ "$feature" -lt 24 ]; then
  echo "build-jvm-base: $java_home (JDK $feature) has no jmods (Debian: apt-get install openjdk-$feature-jdk-headless)" >&2; exit 1
fi
rm -rf "$out" && mkdir -p "$out"
root="$out/rootfs"
mkdir -p "$root"/{etc,tmp,opt,var/lib/settlement,home/jboss}

"$java_home/bin/jlink" "${link_from[@]}" --add-modules "$modules" --output "$root/opt/java" \
  --strip-debug --no-man-pages --no-header-files --compress=$compress \
  --exclude-files='glob:**/libawt*.so,glob:**/libjawt.so,glob:**/libsplashscreen.so,glob:**/libjsound.so,glob:**/libfontmanager.so,glob:**/liblcms.so,glob:**/libjavajpeg.so,glob:**/libmlib_image.so'
# (java.desktop is there for java.beans only; its graphics and sound libraries would pull in X11.)

# Every shared library the runtime links, at the path this machine has it, plus the dynamic loader.
libs=$(find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null \
  | awk '/=> \// {print $3} /^\s*\/.*ld-linux/ {print $1}' | grep -v "^$root/" | sort -u)
for lib in $libs; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# glibc libraries that native code loaded at run time (sqlite-jdbc's libsqlitejdbc.so) asks for by name.
libdir=$(dirname "$(ldd "$root/opt/java/bin/java" | awk '/libc.so.6/ {print $3}')")
for name in libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libz.so.1 libgcc_s.so.1 libstdc++.so.6; do
  [ -e "$libdir/$name" ] && [ ! -e "$root$libdir/$name" ] && mkdir -p "$root$libdir" && cp -L "$libdir/$name" "$root$libdir/$name"
done

cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
jboss:x:185:0:settlement service:/home/jboss:/sbin/nologin
PASSWD
printf 'root:x:0:\njboss:x:185:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"

# One layer: root-owned files, /tmp sticky and world-writable, the service's directories owned by 185.
layer="$out/layer.tar"
tar --create --file "$layer" --directory "$root" --sort=name --mtime='1970-01-01' --numeric-owner \
  --owner=0 --group=0 --mode='u+w,go-w' --exclude=./tmp --exclude=./var/lib/settlement --exclude=./home/jboss .
chmod 1777 "$root/tmp"; chmod 775 "$root/var/lib/settlement" "$root/home/jboss"
tar --append --file "$layer" --directory "$root" --mtime='1970-01-01' --numeric-owner --owner=0 --group=0 ./tmp
tar --append --file "$layer" --directory "$root" --mtime='1970-01-01' --numeric-owner --owner=185 --group=0 \
  ./var/lib/settlement ./home/jboss

arch=$(uname -m); case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
diff_id=sha256:$(sha256sum "$layer" | cut -d' ' -f1)
cat > "$out/config.json" <<JSON
{"architecture":"$arch","os":"linux",
 "config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
           "User":"185","WorkingDir":"/home/jboss","Volumes":{"/var/lib/settlement":{}}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created_by":"service/src/main/container/build-jvm-base.sh (jlink $("$java_home/bin/java" -version 2>&1 | head -n 1 | tr -d '"'))"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["settlement/jvm-base:local"],"Layers":["layer.tar"]}]\n' > "$out/manifest.json"
tar --create --file "$out/jvm-base.tar" --directory "$out" manifest.json config.json layer.tar
rm -rf "$root" "$layer"
echo "build-jvm-base: $out/jvm-base.tar ($(du -h "$out/jvm-base.tar" | cut -f1), runtime from $java_home)"
