-- The size of each status index, read at one instant.
-- KEYS: status indexes: idx:status:<status> for every status (or a webhook endpoint's wh:status:<status>:<id>)
-- Returns the counts in the order of KEYS.
local counts = {}
for i = 1, #KEYS do
    counts[i] = redis.call('ZCARD', KEYS[i])
end
return counts
