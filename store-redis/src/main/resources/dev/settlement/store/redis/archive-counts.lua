-- What the composite backend needs to count without counting a settlement twice while it is being archived, read
-- at one instant: the size of each status index, every id under an archive claim (live or lapsed: such an id may
-- already be in the archive too), and how many claims were ever made.
-- KEYS: idx:status:<status> for every status, then archive claims, then archive counters
-- Returns {count, count, ..., {claimed id, ...}, claims made}
local counts = {}
for i = 1, #KEYS - 2 do
    counts[i] = redis.call('ZCARD', KEYS[i])
end
counts[#counts + 1] = redis.call('ZRANGE', KEYS[#KEYS - 1], 0, -1)
counts[#counts + 1] = tonumber(redis.call('HGET', KEYS[#KEYS], 'claims') or '0')
return counts
