-- Compare-and-set of one settlement on its version: writes the changed fields, appends the transition and moves
-- the index entries, or writes nothing.
-- KEYS: 1 settlement hash, 2 history list, 3 idx:status:<from>, 4 idx:status:<to>, 5 idx:active-expiry,
--       6 active-intent marker, 7 idx:terminal, 8 event sequence, 9 event stream,
--       [10 active-solver set]  (10 only when the settlement has a solver)
-- ARGV: 1 id, 2 expected version, 3 from status, 4 to status, 5 '1' when the change leaves the active statuses,
--       '2' when it does and the settlement enters idx:terminal too (for the composite's archiver), else '0',
--       6 intentId, 7 solverId ('' for none), 8 transition (JSON), 9 n = number of fields to set,
--       10 d = number of fields to delete, 11 .. 10+2n field/value pairs to set, then the d fields to delete
--       (nullable fields that are now absent), then the field/value pairs of the transition's event
-- Returns {OK}, {NOT_FOUND}, {VERSION_CONFLICT, actual version} or {INCONSISTENT, what} when the caller's
-- record does not describe the stored one (a from-status, intent or solver that differs).
local id, expected, from, to = ARGV[1], ARGV[2], ARGV[3], ARGV[4]

local current = redis.call('HMGET', KEYS[1], 'version', 'status', 'intentId', 'solverId', 'createdAt')
if not current[1] then
    return {'NOT_FOUND'}
end
if current[1] ~= expected then
    return {'VERSION_CONFLICT', current[1]}
end
if current[2] ~= from then
    return {'INCONSISTENT', 'stored status is ' .. current[2] .. ', not ' .. from}
end
if current[3] ~= ARGV[6] or (current[4] or '') ~= ARGV[7] then
    return {'INCONSISTENT', 'intentId and solverId cannot change'}
end

local setEnd = 10 + 2 * tonumber(ARGV[9])
local deleteEnd = setEnd + tonumber(ARGV[10])
-- the event first (the sequence orders changes as they become visible); should the stream refuse its id, nothing
-- else is written
redis.call('XADD', KEYS[9], string.format('%d-0', redis.call('INCR', KEYS[8])), unpack(ARGV, deleteEnd + 1))
redis.call('HSET', KEYS[1], unpack(ARGV, 11, setEnd))
if deleteEnd > setEnd then
    redis.call('HDEL', KEYS[1], unpack(ARGV, setEnd + 1, deleteEnd))
end
redis.call('RPUSH', KEYS[2], ARGV[8])

if from ~= to then
    redis.call('ZREM', KEYS[3], id)
    redis.call('ZADD', KEYS[4], current[5], id)
end
if ARGV[5] ~= '0' then
    redis.call('ZREM', KEYS[5], id)
    if redis.call('GET', KEYS[6]) == id then
        redis.call('DEL', KEYS[6])
    end
    if ARGV[5] == '2' then
        redis.call('ZADD', KEYS[7], redis.call('HGET', KEYS[1], 'updatedAt'), id)
    end
    if KEYS[10] then
        redis.call('SREM', KEYS[10], id)
    end
end
return {'OK'}
