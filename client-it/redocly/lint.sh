#!/usr/bin/env bash
# Lints the OpenAPI document with the Redocly CLI that package-lock.json pins, under redocly.yaml (recommended rules,
# strict): any problem fails the build. Node.js and npm come from the machine; where they are missing and this runs as
# root with apt-get, Debian's are installed. Without them the build fails: the lint is never skipped.
# Usage: lint.sh <openapi.yaml> <work dir for node_modules>
set -euo pipefail
document=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "OpenAPI lint: npm not found, installing Debian's nodejs and npm"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "OpenAPI lint: needs Node.js (20.19 or later) and npm, e.g. apt-get install nodejs npm" >&2
    exit 1
fi

mkdir -p "$work"
# (re)install only when the pinned versions changed since the last install into this work dir
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [ ! -x "$work/node_modules/.bin/redocly" ]; then
    cp "$here/package.json" "$here/package-lock.json" "$work/"
    (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
fi
exec "$work/node_modules/.bin/redocly" lint --config "$here/redocly.yaml" --format=stylish "$document"
