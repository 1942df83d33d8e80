-- Compare-and-set of one delivery on its version: replaces it and moves its index entries, or writes nothing.
-- KEYS: 1 the endpoint's deliveries hash, 2 its undelivered index, 3 wh:due, 4.. its status indexes (every status)
-- ARGV: 1 event sequence, 2 expected version, 3 the new delivery (JSON), 4 its status, 5 '1' when it is undelivered
--       (then it is due at its nextAttemptAt), 6 its nextAttemptAt, 7 its undelivered member, 8 its due member,
--       9.. the status of each status index, in the order of KEYS 4..
-- Returns 1, or 0 when its version moved or it is gone.
local sequence = ARGV[1]
local current = redis.call('HGET', KEYS[1], sequence)
if not current then
    return 0
end
local stored = cjson.decode(current)
if stored.version ~= tonumber(ARGV[2]) then
    return 0
end

local function statusIndex(status)
    for i = 4, #KEYS do
        if ARGV[i + 5] == status then
            return KEYS[i]
        end
    end
    error('no status index for ' .. tostring(status))
end

redis.call('HSET', KEYS[1], sequence, ARGV[3])
redis.call('ZREM', statusIndex(stored.status), sequence)
redis.call('ZADD', statusIndex(ARGV[4]), sequence, sequence)
if ARGV[5] == '1' then
    redis.call('ZADD', KEYS[2], 0, ARGV[7])
    redis.call('ZADD', KEYS[3], ARGV[6], ARGV[8])
else
    redis.call('ZREM', KEYS[2], ARGV[7])
    redis.call('ZREM', KEYS[3], ARGV[8])
end
return 1
