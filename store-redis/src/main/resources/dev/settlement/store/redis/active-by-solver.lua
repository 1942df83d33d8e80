-- How many active settlements each solver holds, read at one instant: walks every active settlement, O(active).
-- KEYS: 1 idx:active-expiry
-- ARGV: 1 settlement hash key prefix (the same hash tag as KEYS[1], so the same Cluster slot)
-- Returns solver id, count, solver id, count ... for solvers holding at least one; settlements without a solver
-- (no solverId field) are not counted.
local counts = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
    local solver = redis.call('HGET', ARGV[1] .. id, 'solverId')
    if solver then
        counts[solver] = (counts[solver] or 0) + 1
    end
end
local reply = {}
for solver, n in pairs(counts) do
    reply[#reply + 1] = solver
    reply[#reply + 1] = n
end
return reply
