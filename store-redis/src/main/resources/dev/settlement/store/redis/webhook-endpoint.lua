-- Writes or removes a webhook endpoint, in one step. Removing takes its deliveries and all their index entries with
-- it; writing first removes an endpoint of the same id the same way, so the new one starts without deliveries.
-- KEYS: 1 wh:endpoints, 2 wh:due, 3 endpoint hash, 4 its deliveries hash, 5 its by-event index, 6 its undelivered
--       index, 7.. its status indexes (every status)
-- ARGV: 1 endpoint id, 2 createdAt ('' to remove only), 3.. endpoint hash field/value pairs
-- Returns 1 when an endpoint with that id was there, else 0.
local id = ARGV[1]
local existed = redis.call('EXISTS', KEYS[3])

-- an undelivered delivery has a due entry "<endpoint id> <sequence>", its sequence written as in the undelivered
-- index's member "<settlement id> <sequence>"
for _, member in ipairs(redis.call('ZRANGE', KEYS[6], 0, -1)) do
    redis.call('ZREM', KEYS[2], id .. ' ' .. string.match(member, ' (%d+)$'))
end
redis.call('DEL', unpack(KEYS, 3))
redis.call('ZREM', KEYS[1], id)

if ARGV[2] ~= '' then
    redis.call('HSET', KEYS[3], unpack(ARGV, 3))
    redis.call('ZADD', KEYS[1], ARGV[2], id)
end
return existed
