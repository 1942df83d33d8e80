-- Drops the tombstones of removals numbered up to `upTo` and remembers that bound, so that create.lua can tell a
-- caller whose archive mark is older than it to check the archive again. The bound only ever grows.
-- KEYS: 1 archive tombstones, 2 archive counters
-- ARGV: 1 upTo (a removal sequence number)
-- Returns the number of tombstones left.
local upTo = tonumber(ARGV[1])
local forgotten = tonumber(redis.call('HGET', KEYS[2], 'forgotten') or '0')
if upTo > forgotten then
    upTo = forgotten
end
if upTo > tonumber(redis.call('HGET', KEYS[2], 'trimmed') or '0') then
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', upTo)
    redis.call('HSET', KEYS[2], 'trimmed', upTo)
end
return redis.call('ZCARD', KEYS[1])
