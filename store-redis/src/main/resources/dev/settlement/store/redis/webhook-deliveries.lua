-- A page of one endpoint's deliveries in event order, read at one instant.
-- KEYS: 1 its by-event index or one of its status indexes, 2 its deliveries hash
-- ARGV: 1 after this event sequence (exclusive), 2 at most this many
-- Returns the deliveries (JSON).
local sequences = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf', 'LIMIT', 0, ARGV[2])
if #sequences == 0 then
    return {}
end
return redis.call('HMGET', KEYS[2], unpack(sequences))
