-- Compare-and-set on a webhook endpoint's cursor: records new deliveries with their index entries (one already
-- recorded for the same event stays as it is) and moves the cursor, or writes nothing.
-- KEYS: 1 endpoint hash, 2 its deliveries hash, 3 its by-event index, 4 its status index of new deliveries (PENDING),
--       5 its undelivered index, 6 wh:due
-- ARGV: 1 expected cursor, 2 new cursor, then 5 per delivery: event sequence, the delivery (JSON), nextAttemptAt,
--       undelivered member, due member
-- Returns 1, or 0 when the cursor moved or the endpoint is gone.
if redis.call('HGET', KEYS[1], 'cursor') ~= ARGV[1] then
    return 0
end
for i = 3, #ARGV, 5 do
    local sequence = ARGV[i]
    if redis.call('HSETNX', KEYS[2], sequence, ARGV[i + 1]) == 1 then
        redis.call('ZADD', KEYS[3], sequence, sequence)
        redis.call('ZADD', KEYS[4], sequence, sequence)
        redis.call('ZADD', KEYS[5], 0, ARGV[i + 3])
        redis.call('ZADD', KEYS[6], ARGV[i + 2], ARGV[i + 4])
    end
end
redis.call('HSET', KEYS[1], 'cursor', ARGV[2])
return 1
