-- Removes an archived settlement from Redis in one atomic step, if it is still the version the archiver copied:
-- its hash, history and every index entry, its claim; and leaves a tombstone, numbered by a removal sequence, so
-- that create.lua refuses the id from now on.
-- KEYS: 1 settlement hash, 2 history list, 3 idx:all, 4 idx:status:<status>, 5 idx:intent, 6 idx:user,
--       7 idx:terminal, 8 archive claims, 9 archive tombstones, 10 archive counters,
--       [11 idx:solver]  (11 only when the settlement has a solver)
-- ARGV: 1 id, 2 expected version, 3 status (terminal), 4 intentId, 5 solverId ('' for none), 6 userAddress
-- Returns {OK}, {NOT_FOUND}, {VERSION_CONFLICT, actual version} or {INCONSISTENT, what} when the caller's record does
-- not describe the stored one.
local id = ARGV[1]

local current = redis.call('HMGET', KEYS[1], 'version', 'status', 'intentId', 'solverId', 'userAddress')
if not current[1] then
    return {'NOT_FOUND'}
end
if current[1] ~= ARGV[2] then
    return {'VERSION_CONFLICT', current[1]}
end
if current[2] ~= ARGV[3] or current[3] ~= ARGV[4] or (current[4] or '') ~= ARGV[5] or current[5] ~= ARGV[6] then
    return {'INCONSISTENT', 'stored status, intent, solver or user differ'}
end

redis.call('DEL', KEYS[1], KEYS[2])
for i = 3, 8 do
    redis.call('ZREM', KEYS[i], id)
end
if KEYS[11] then
    redis.call('ZREM', KEYS[11], id)
end
redis.call('ZADD', KEYS[9], redis.call('HINCRBY', KEYS[10], 'forgotten', 1), id)
return {'OK'}
