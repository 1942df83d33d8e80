-- The undelivered delivery of an endpoint with the lowest event sequence: of one settlement, or of any.
-- KEYS: 1 its undelivered index, 2 its deliveries hash, 3.. its status indexes of the undelivered statuses
-- ARGV: 1 settlement id ('' = any)
-- Returns the delivery (JSON), or nil.
local sequence
if ARGV[1] ~= '' then
    -- members "<settlement id> <sequence in 20 digits>": a settlement's are the range ["<id> ", "<id>!")
    local first = redis.call('ZRANGEBYLEX', KEYS[1], '[' .. ARGV[1] .. ' ', '(' .. ARGV[1] .. '!', 'LIMIT', 0, 1)
    if first[1] then
        sequence = string.match(first[1], ' 0*(%d+)$')
    end
else
    local lowest
    for i = 3, #KEYS do
        local first = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
        if first[1] and (not lowest or tonumber(first[2]) < lowest) then
            sequence, lowest = first[1], tonumber(first[2])
        end
    end
end
if not sequence then
    return false
end
return redis.call('HGET', KEYS[2], sequence)
