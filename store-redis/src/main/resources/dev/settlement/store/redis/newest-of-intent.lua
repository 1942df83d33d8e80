-- The newest settlement of an intent: its active one if any, else the last in (createdAt, id) order.
-- KEYS: 1 active-intent marker, 2 idx:intent
-- ARGV: 1 settlement hash key prefix
-- Returns the settlement as HGETALL returns it, or an empty array.
local id = redis.call('GET', KEYS[1])
if not id then
    id = redis.call('ZRANGE', KEYS[2], -1, -1)[1]
end
if not id then
    return {}
end
return redis.call('HGETALL', ARGV[1] .. id)
