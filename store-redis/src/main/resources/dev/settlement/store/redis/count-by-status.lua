-- The size of each status index, read at one instant.
-- KEYS: idx:status:<status> for every status
-- Returns the counts in the order of KEYS.
local counts = {}
for i = 1, #KEYS do
    counts[i] = redis.call('ZCARD', KEYS[i])
end
return counts
