-- The undelivered deliveries due by a time, the longest due first, read at one instant.
-- KEYS: 1 wh:due
-- ARGV: 1 now, 2 at most this many, 3 deliveries hash key prefix
-- Returns the deliveries (JSON).
local due = {}
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])) do
    -- "<endpoint id> <sequence in 20 digits>"; the deliveries hash knows the sequence without its zeros
    local endpoint, sequence = string.match(member, '^(.*) 0*(%d+)$')
    local delivery = redis.call('HGET', ARGV[3] .. endpoint, sequence)
    if delivery then
        due[#due + 1] = delivery
    end
end
return due
