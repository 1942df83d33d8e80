#!/usr/bin/env bash
# A walk through the settlement lifecycle against a running service (the original persistence demo, over HTTP):
# create, lock, execute, complete, history, queries, a failure and a stuck one.
#   ./examples/walkthrough.sh [base-url]        (default http://localhost:8080)
# With authentication on, export TOKEN=<an operator's bearer token> first (README, "Authentication").
# Needs bash and curl. Exits non-zero at the first answer that is not the one expected.
set -euo pipefail

BASE=${1:-http://localhost:8080}
RUN=$(date +%s)-$RANDOM            # unique names, so the script can run again on the same database
SOLVER="solver-$RUN"

step() { printf '\n== %s\n' "$*"; }

# call METHOD PATH EXPECTED-STATUS [JSON-BODY [HEADER]]: prints the response body, fails on any other status
call() {
  local method=$1 path=$2 expected=$3 body=${4:-} header=${5:-}
  local args=(-s -o /tmp/walkthrough.$$ -w '%{http_code}' -X "$method" "$BASE$path")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
  [ -n "$header" ] && args+=(-H "$header")
  [ -n "${TOKEN:-}" ] && args+=(-H "Authorization: Bearer $TOKEN")
  local status
  status=$(curl "${args[@]}")
  cat /tmp/walkthrough.$$; echo
  if [ "$status" != "$expected" ]; then
    echo "!! $method $path answered $status, expected $expected" >&2
    exit 1
  fi
}

# field NAME: the value of a top-level string or number field in the last response
field() { sed -nE "s/.*\"$1\":\"?([^\",}]*)\"?.*/\1/p" /tmp/walkthrough.$$ | head -n 1; }
trap 'rm -f /tmp/walkthrough.$$' EXIT

asset() { printf '{"chainId":"%s","denom":"%s","amount":"%s"}' "$1" "$2" "$3"; }
settlement() { # id intent [extra json]
  printf '{"id":"%s","intentId":"%s","solverId":"%s","userAddress":"cosmos1user","inputAsset":%s,"outputAsset":%s%s}' \
    "$1" "$2" "$SOLVER" "$(asset cosmoshub-4 uatom 1000000)" "$(asset osmosis-1 uosmo 5000000)" "${3:-}"
}

step "Create a settlement (PENDING)"
call POST /settlements 201 "$(settlement "demo-$RUN" "intent-$RUN")"

step "The user's funds are locked in escrow (USER_LOCKED)"
call POST "/settlements/demo-$RUN/events" 200 '{"type":"USER_LOCKED","escrowId":"escrow-123","txHash":"0xuser"}'

step "The solver's bond is locked (SOLVER_LOCKED)"
call POST "/settlements/demo-$RUN/events" 200 '{"type":"SOLVER_LOCKED","bondId":"bond-456"}'

step "The IBC transfer starts (EXECUTING)"
call POST "/settlements/demo-$RUN/events" 200 '{"type":"IBC_TRANSFER_STARTED","sequence":42,"txHash":"0xibc"}'

step "Complete it, conditional on the version we saw: a stale If-Match is refused (412), the current one wins"
call GET "/settlements/demo-$RUN" 200
version=$(field version)
call POST "/settlements/demo-$RUN/complete" 412 '{"result":"TIMEOUT"}' "If-Match: \"$((version - 1))\""
call POST "/settlements/demo-$RUN/complete" 200 '{"result":"SUCCESS","outputDelivered":"5000000","txHash":"0xabc"}' \
  "If-Match: \"$version\""
[ "$(field status)" = COMPLETE ] || { echo "!! not COMPLETE" >&2; exit 1; }
[ "$(field version)" = $((version + 1)) ] || { echo "!! version did not move by one" >&2; exit 1; }

step "Its history: one transition per status change, in order"
call GET "/settlements/demo-$RUN/history" 200

step "Sending the same event again is a safe replay"
call POST "/settlements/demo-$RUN/events" 200 '{"type":"IBC_TRANSFER_COMPLETE"}'

step "Going back is refused (409 INVALID_STATE_TRANSITION)"
call POST "/settlements/demo-$RUN/events" 409 '{"type":"USER_LOCKED","escrowId":"escrow-123"}'

step "A failure: a second settlement that the engine gives up on"
call POST /settlements 201 "$(settlement "fail-$RUN" "intent-fail-$RUN")"
call POST "/settlements/fail-$RUN/complete" 200 '{"result":"FAILURE","reason":"solver did not deliver","recoverable":false}'

step "A stuck one: it expires in 2 seconds and nothing happens to it"
expires=$(( $(date +%s) + 2 ))
call POST /settlements 201 "$(settlement "stuck-$RUN" "intent-stuck-$RUN" ",\"expiresAt\":$expires")"
call GET "/settlements/stuck?before=$((expires + 1))&limit=1000" 200
grep -q "\"stuck-$RUN\"" /tmp/walkthrough.$$ || { echo "!! stuck-$RUN not listed as stuck" >&2; exit 1; }
echo "(with the default threshold it counts as stuck one hour after expiry; POST /recovery/run then times it out)"

step "Queries: by solver, by status, by intent"
call GET "/settlements?solverId=$SOLVER" 200
call GET "/settlements?solverId=$SOLVER&status=COMPLETE" 200
call GET "/intents/intent-$RUN/settlement" 200

step "Done: the walk-through ran against $BASE"
