-- Inserts a settlement and its index entries, or refuses it, in one atomic step.
-- KEYS: 1 settlement hash, 2 active-intent marker, 3 idx:all, 4 idx:status:PENDING, 5 idx:intent, 6 idx:user,
--       7 idx:active-expiry, [8 active-solver set, 9 idx:solver]  (8 and 9 only when the settlement has a solver)
-- ARGV: 1 id, 2 createdAt, 3 expiresAt, 4 max active settlements per solver, 5.. hash field/value pairs
-- Returns the outcome: OK, DUPLICATE_ID, INTENT_ALREADY_ACTIVE or SOLVER_CAPACITY_EXCEEDED (checked in that order).
local id, createdAt = ARGV[1], ARGV[2]
local hasSolver = #KEYS == 9

if redis.call('EXISTS', KEYS[1]) == 1 then
    return 'DUPLICATE_ID'
end
if redis.call('EXISTS', KEYS[2]) == 1 then
    return 'INTENT_ALREADY_ACTIVE'
end
if hasSolver and redis.call('SCARD', KEYS[8]) >= tonumber(ARGV[4]) then
    return 'SOLVER_CAPACITY_EXCEEDED'
end

redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('SET', KEYS[2], id)
for i = 3, 6 do
    redis.call('ZADD', KEYS[i], createdAt, id)
end
redis.call('ZADD', KEYS[7], ARGV[3], id)
if hasSolver then
    redis.call('SADD', KEYS[8], id)
    redis.call('ZADD', KEYS[9], createdAt, id)
end
return 'OK'
