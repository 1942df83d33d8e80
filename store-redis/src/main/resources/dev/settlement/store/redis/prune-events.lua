-- Removes the oldest events of the feed while their time is before a bound, at most a batch per call (so one call
-- never holds the server for long), and records the highest sequence removed, in one step.
-- KEYS: 1 event stream, 2 pruned-through
-- ARGV: 1 the bound (epoch seconds: events whose time is lower go), 2 batch
-- Returns {removed, done}: done is 1 when no event before the bound is left at the start of the feed.
local bound, batch = tonumber(ARGV[1]), tonumber(ARGV[2])
local entries = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', batch)
local removed, last = 0, nil
local done = #entries < batch and 1 or 0
for _, entry in ipairs(entries) do
    local fields, time = entry[2], nil
    for i = 1, #fields, 2 do
        if fields[i] == 'time' then
            time = tonumber(fields[i + 1])
            break
        end
    end
    if not time or time >= bound then
        done = 1
        break
    end
    removed = removed + 1
    last = entry[1]
end
if last then
    -- MINID drops the entries below the last one removed, XDEL that one: no arithmetic on ids
    redis.call('XTRIM', KEYS[1], 'MINID', last)
    redis.call('XDEL', KEYS[1], last)
    local through = string.match(last, '^(%d+)-')
    if tonumber(through) > tonumber(redis.call('GET', KEYS[2]) or '0') then
        redis.call('SET', KEYS[2], through)
    end
end
return {removed, done}
