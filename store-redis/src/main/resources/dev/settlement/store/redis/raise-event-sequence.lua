-- Raises the feed's sequence counter to at least a value, never lowers it: the composite's archive may hold events
-- numbered above what Redis counted (a migration into PostgreSQL), and new events must come after them.
-- KEYS: 1 event sequence
-- ARGV: 1 the value
if tonumber(ARGV[1]) > tonumber(redis.call('GET', KEYS[1]) or '0') then
    redis.call('SET', KEYS[1], ARGV[1])
end
return tonumber(redis.call('GET', KEYS[1]) or '0')
