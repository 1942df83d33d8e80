-- One lifecycle per five requests: create, USER_LOCKED, SOLVER_LOCKED, IBC_TRANSFER_STARTED, complete (SUCCESS).
-- Run with one connection per thread (wrk -tN -cN): each connection walks its lifecycles in order.
-- A run tag (env WRK_RUN, else the time) keeps ids unique across runs on one store.
local counter = 1
local threads = {}

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  run = os.getenv("WRK_RUN") or tostring(os.time())
  step = 0
  n = 0
  bad = 0
  solver = "wrk-" .. run .. "-" .. tid
  json = {["Content-Type"] = "application/json"}
end

local bodies = {
  '{"type":"USER_LOCKED","escrowId":"escrow-1","txHash":"0xabc"}',
  '{"type":"SOLVER_LOCKED","bondId":"bond-1","txHash":"0xdef"}',
  '{"type":"IBC_TRANSFER_STARTED","sequence":7,"txHash":"0x123"}',
}

function request()
  if step == 0 then
    n = n + 1
    id = solver .. "-" .. n
    return wrk.format("POST", "/settlements", json, '{"id":"' .. id .. '","intentId":"' .. id .. '","solverId":"'
      .. solver .. '","userAddress":"cosmos1user","inputAsset":{"chainId":"cosmoshub-4","denom":"uatom",'
      .. '"amount":"1000000"},"outputAsset":{"chainId":"osmosis-1","denom":"uosmo","amount":"5000000"}}')
  elseif step <= 3 then
    return wrk.format("POST", "/settlements/" .. id .. "/events", json, bodies[step])
  else
    return wrk.format("POST", "/settlements/" .. id .. "/complete", json,
      '{"result":"SUCCESS","outputDelivered":"5000000","txHash":"0x456"}')
  end
end

function response(status, headers, body)
  if status ~= 200 and status ~= 201 then
    bad = bad + 1
    if bad <= 3 then io.stderr:write("unexpected " .. status .. ": " .. body .. "\n") end
  end
  step = (step + 1) % 5
end

function done(summary, latency, requests)
  local bads = 0
  for _, t in ipairs(threads) do bads = bads + t:get("bad") end
  local seconds = summary.duration / 1e6
  io.write(string.format("lifecycles/s %.1f\nrequests/s %.1f\nunexpected %d\n",
    summary.requests / 5 / seconds, summary.requests / seconds, bads))
end
