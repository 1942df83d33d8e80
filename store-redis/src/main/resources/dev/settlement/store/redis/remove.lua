-- Removes a settlement a migration has moved to another location, in one atomic step, if it is still the version
-- moved: its hash, history, every index entry, its active markers (intent, solver), an archive claim. No tombstone:
-- the settlement lives on elsewhere, and a migration runs without writers.
-- KEYS: 1 settlement hash, 2 history list, 3 idx:all, 4 idx:intent, 5 idx:user, 6 idx:active-expiry,
--       7 active-intent marker, 8 idx:terminal, 9 archive claims, 10-16 idx:status:<S> for every status,
--       [17 idx:solver, 18 active-solver set]  (17 and 18 only when the settlement has a solver)
-- ARGV: 1 id, 2 expected version, 3 intentId, 4 solverId ('' for none), 5 userAddress
-- Returns {OK}, {NOT_FOUND}, {VERSION_CONFLICT, actual version} or {INCONSISTENT, what}.
local id = ARGV[1]

local current = redis.call('HMGET', KEYS[1], 'version', 'status', 'intentId', 'solverId', 'userAddress')
if not current[1] then
    return {'NOT_FOUND'}
end
if current[1] ~= ARGV[2] then
    return {'VERSION_CONFLICT', current[1]}
end
if current[3] ~= ARGV[3] or (current[4] or '') ~= ARGV[4] or current[5] ~= ARGV[5] then
    return {'INCONSISTENT', 'stored intent, solver or user differ'}
end

redis.call('DEL', KEYS[1], KEYS[2])
for _, index in ipairs({KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[8], KEYS[9]}) do
    redis.call('ZREM', index, id)
end
for i = 10, 16 do
    redis.call('ZREM', KEYS[i], id)
end
if redis.call('GET', KEYS[7]) == id then
    redis.call('DEL', KEYS[7])
end
if #KEYS == 18 then
    redis.call('ZREM', KEYS[17], id)
    redis.call('SREM', KEYS[18], id)
end
return {'OK'}
