-- Copies events into the feed with their sequences (a migration), in one step: an event whose sequence is here
-- already is left as it is, and so is one pruning removed here (at or below pruned-through: it was here); the others
-- are appended with the entry id <sequence>-0, and the sequence counter is raised to the highest sequence given, so
-- events written later get higher ones.
-- A stream only appends (a new entry id must be above every id it ever had), so an event that is missing below the
-- feed's head cannot be put in its place: then the batch is refused and nothing is written. A migration therefore
-- imports the feed into a target before anything is written there (or continues an import from where it stopped).
-- KEYS: 1 event stream, 2 event sequence, 3 pruned-through
-- ARGV: per event, in increasing sequence order: its sequence, n = number of field/value arguments, n arguments
-- Returns {OK, appended} or {BELOW_HEAD, sequence, head}.
local head, headText = 0, '0'
if redis.call('EXISTS', KEYS[1]) == 1 then
    local info = redis.call('XINFO', 'STREAM', KEYS[1])
    for i = 1, #info, 2 do
        if info[i] == 'last-generated-id' then
            headText = string.match(info[i + 1], '^(%d+)-')
            head = tonumber(headText)
        end
    end
end
local prunedThrough = tonumber(redis.call('GET', KEYS[3]) or '0')

local appends, highest, at = {}, nil, 1
while at <= #ARGV do
    local sequenceText, n = ARGV[at], tonumber(ARGV[at + 1])
    local sequence, id = tonumber(sequenceText), sequenceText .. '-0'
    if sequence > head then
        appends[#appends + 1] = {id, at + 2, at + 1 + n}
        head, headText = sequence, sequenceText
    elseif sequence > prunedThrough and #redis.call('XRANGE', KEYS[1], id, id) == 0 then
        return {'BELOW_HEAD', sequenceText, headText}
    end
    highest = sequenceText
    at = at + 2 + n
end

for _, append in ipairs(appends) do
    redis.call('XADD', KEYS[1], append[1], unpack(ARGV, append[2], append[3]))
end
if highest and tonumber(highest) > tonumber(redis.call('GET', KEYS[2]) or '0') then
    redis.call('SET', KEYS[2], highest)
end
return {'OK', #appends}
