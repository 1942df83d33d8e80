-- Inserts a settlement and its index entries, or refuses it, in one atomic step.
-- KEYS: 1 settlement hash, 2 active-intent marker, 3 idx:all, 4 idx:status:PENDING, 5 idx:intent, 6 idx:user,
--       7 idx:active-expiry, 8 archive tombstones, 9 archive counters, 10 event sequence, 11 event stream,
--       [12 active-solver set, 13 idx:solver]  (12 and 13 only when the settlement has a solver)
-- ARGV: 1 id, 2 createdAt, 3 expiresAt, 4 max active settlements per solver, 5 archive mark ('' = none: see below),
--       6 m = number of hash field/value arguments, 7 .. 6+m hash field/value pairs, then the field/value pairs of
--       its settlement.created event
-- Returns the outcome: OK, DUPLICATE_ID, RECHECK, INTENT_ALREADY_ACTIVE or SOLVER_CAPACITY_EXCEEDED (in that order).
--
-- The event takes the next sequence and the stream entry id <sequence>-0 in the same step as the write, so the
-- order of sequences is the order in which changes became visible: a reader never finds a lower one later.
--
-- An id moved to the archive leaves a tombstone here (forget.lua), so it is refused even though its hash is gone.
-- Tombstones are dropped after a while (trim-tombstones.lua); a caller that checked the archive first passes the
-- removal sequence it read before that check as the archive mark, and gets RECHECK when tombstones newer than its
-- mark may have been dropped since: it then checks the archive again.
local id, createdAt = ARGV[1], ARGV[2]
local hasSolver = #KEYS == 13

if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('ZSCORE', KEYS[8], id) then
    return 'DUPLICATE_ID'
end
if ARGV[5] ~= '' and tonumber(redis.call('HGET', KEYS[9], 'trimmed') or '0') > tonumber(ARGV[5]) then
    return 'RECHECK'
end
if redis.call('EXISTS', KEYS[2]) == 1 then
    return 'INTENT_ALREADY_ACTIVE'
end
if hasSolver and redis.call('SCARD', KEYS[12]) >= tonumber(ARGV[4]) then
    return 'SOLVER_CAPACITY_EXCEEDED'
end

-- the event first: should the stream refuse its id, nothing else is written
local fieldsEnd = 6 + tonumber(ARGV[6])
redis.call('XADD', KEYS[11], string.format('%d-0', redis.call('INCR', KEYS[10])), unpack(ARGV, fieldsEnd + 1))
redis.call('HSET', KEYS[1], unpack(ARGV, 7, fieldsEnd))
redis.call('SET', KEYS[2], id)
for i = 3, 6 do
    redis.call('ZADD', KEYS[i], createdAt, id)
end
redis.call('ZADD', KEYS[7], ARGV[3], id)
if hasSolver then
    redis.call('SADD', KEYS[12], id)
    redis.call('ZADD', KEYS[13], createdAt, id)
end
return 'OK'
