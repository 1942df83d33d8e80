-- Claims terminal settlements for one archiver and returns them with their history, in one atomic step: walks
-- idx:terminal (score updatedAt) from the oldest up to `before` (exclusive), skips settlements another archiver
-- holds a live claim on, and claims up to `limit` for `lease` milliseconds of the server's clock. A claim only keeps
-- archivers out of each other's way (archiving twice is harmless); it ends with forget.lua or when its lease runs out.
-- KEYS: 1 idx:terminal, 2 archive claims, 3 archive counters
-- ARGV: 1 settlement hash key prefix, 2 history key prefix, 3 before, 4 limit, 5 lease (ms)
-- Returns {hash, history, hash, history, ...}: each settlement as HGETALL returns it, then its transitions (JSON).
local hashPrefix, historyPrefix, before = ARGV[1], ARGV[2], ARGV[3]
local limit, lease = tonumber(ARGV[4]), tonumber(ARGV[5])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local result, claimed, offset = {}, 0, 0
while claimed < limit do
    local ids = redis.call('ZRANGE', KEYS[1], '-inf', '(' .. before, 'BYSCORE', 'LIMIT', offset, limit - claimed)
    if #ids == 0 then
        break
    end
    offset = offset + #ids
    for _, id in ipairs(ids) do
        local leaseEnd = tonumber(redis.call('ZSCORE', KEYS[2], id))
        if not leaseEnd or leaseEnd <= now then
            redis.call('ZADD', KEYS[2], now + lease, id)
            result[#result + 1] = redis.call('HGETALL', hashPrefix .. id)
            result[#result + 1] = redis.call('LRANGE', historyPrefix .. id, 0, -1)
            claimed = claimed + 1
        end
    end
end
if claimed > 0 then
    redis.call('HINCRBY', KEYS[3], 'claims', 1)
end
return result
