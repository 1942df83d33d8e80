-- The histories of several settlements in one round trip.
-- KEYS: the history lists. Returns one array of JSON transitions per key, in the order of KEYS.
local histories = {}
for i, key in ipairs(KEYS) do
    histories[i] = redis.call('LRANGE', key, 0, -1)
end
return histories
