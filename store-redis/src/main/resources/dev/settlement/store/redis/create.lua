-- Inserts a settlement and its index entries, or refuses it, in one atomic step.
-- KEYS: 1 settlement hash, 2 active-intent marker, 3 idx:all, 4 idx:status:PENDING, 5 idx:intent, 6 idx:user,
--       7 idx:active-expiry, 8 archive tombstones, 9 archive counters,
--       [10 active-solver set, 11 idx:solver]  (10 and 11 only when the settlement has a solver)
-- ARGV: 1 id, 2 createdAt, 3 expiresAt, 4 max active settlements per solver, 5 archive mark ('' = none: see below),
--       6.. hash field/value pairs
-- Returns the outcome: OK, DUPLICATE_ID, RECHECK, INTENT_ALREADY_ACTIVE or SOLVER_CAPACITY_EXCEEDED (in that order).
--
-- An id moved to the archive leaves a tombstone here (forget.lua), so it is refused even though its hash is gone.
-- Tombstones are dropped after a while (trim-tombstones.lua); a caller that checked the archive first passes the
-- removal sequence it read before that check as the archive mark, and gets RECHECK when tombstones newer than its
-- mark may have been dropped since: it then checks the archive again.
local id, createdAt = ARGV[1], ARGV[2]
local hasSolver = #KEYS == 11

if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('ZSCORE', KEYS[8], id) then
    return 'DUPLICATE_ID'
end
if ARGV[5] ~= '' and tonumber(redis.call('HGET', KEYS[9], 'trimmed') or '0') > tonumber(ARGV[5]) then
    return 'RECHECK'
end
if redis.call('EXISTS', KEYS[2]) == 1 then
    return 'INTENT_ALREADY_ACTIVE'
end
if hasSolver and redis.call('SCARD', KEYS[10]) >= tonumber(ARGV[4]) then
    return 'SOLVER_CAPACITY_EXCEEDED'
end

redis.call('HSET', KEYS[1], unpack(ARGV, 6))
redis.call('SET', KEYS[2], id)
for i = 3, 6 do
    redis.call('ZADD', KEYS[i], createdAt, id)
end
redis.call('ZADD', KEYS[7], ARGV[3], id)
if hasSolver then
    redis.call('SADD', KEYS[10], id)
    redis.call('ZADD', KEYS[11], createdAt, id)
end
return 'OK'
