-- Every webhook endpoint, in creation order (createdAt, then id), read at one instant.
-- KEYS: 1 wh:endpoints
-- ARGV: 1 endpoint hash key prefix
-- Returns the endpoint hashes as HGETALL returns them.
local endpoints = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
    endpoints[#endpoints + 1] = redis.call('HGETALL', ARGV[1] .. id)
end
return endpoints
