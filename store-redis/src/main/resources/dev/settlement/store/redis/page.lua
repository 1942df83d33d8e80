-- One step of a keyset page over a sorted-set index (score = createdAt or expiresAt, member = id): walks the
-- smallest of the candidate indexes strictly after (afterScore, afterId), keeps the settlements that match every
-- filter, and stops at `want` matches, at `maxScore` (exclusive), at the end of the index, or after examining
-- `budget` entries, so one call never holds the server for long.
-- KEYS: candidate indexes (each one is a superset of the answer; the one with fewest members is walked)
-- ARGV: 1 settlement hash key prefix, 2 afterScore ('' = from the start), 3 afterId, 4 maxScore ('' = none),
--       5 want, 6 budget, 7 status, 8 solverId, 9 intentId, 10 userAddress (filters, '' = any)
-- Returns {done, lastScore, lastId, hash, hash, ...}: done is 1 when the index holds nothing more to examine,
-- (lastScore, lastId) is where a further call continues, and each hash is a settlement as HGETALL returns it.
local hashPrefix, afterScore, afterId = ARGV[1], ARGV[2], ARGV[3]
local maxScore = ARGV[4] ~= '' and tonumber(ARGV[4]) or nil
local want, budget = tonumber(ARGV[5]), tonumber(ARGV[6])
local filterFields, filterValues = {}, {}
for i, field in ipairs({'status', 'solverId', 'intentId', 'userAddress'}) do
    if ARGV[6 + i] ~= '' then
        filterFields[#filterFields + 1] = field
        filterValues[#filterValues + 1] = ARGV[6 + i]
    end
end

local index, size = KEYS[1], redis.call('ZCARD', KEYS[1])
for i = 2, #KEYS do
    local n = redis.call('ZCARD', KEYS[i])
    if n < size then
        index, size = KEYS[i], n
    end
end

-- Redis orders equal scores by the bytes of the member; Lua's own string comparison follows the locale.
local function bytesAfter(a, b)
    for i = 1, math.min(#a, #b) do
        local x, y = string.byte(a, i), string.byte(b, i)
        if x ~= y then
            return x > y
        end
    end
    return #a > #b
end

-- The rank of the first member strictly after (afterScore, afterId): count the lower scores, then binary-search
-- the members that share afterScore (the cursor's own member may have left this index meanwhile).
local function startRank()
    if afterScore == '' then
        return 0
    end
    local lo = redis.call('ZCOUNT', index, '-inf', '(' .. afterScore)
    local hi = lo + redis.call('ZCOUNT', index, afterScore, afterScore)
    while lo < hi do
        local mid = math.floor((lo + hi) / 2)
        if bytesAfter(redis.call('ZRANGE', index, mid, mid)[1], afterId) then
            hi = mid
        else
            lo = mid + 1
        end
    end
    return lo
end

local function matches(id)
    if #filterFields == 0 then
        return true
    end
    local values = redis.call('HMGET', hashPrefix .. id, unpack(filterFields))
    for i = 1, #filterFields do
        if values[i] ~= filterValues[i] then
            return false
        end
    end
    return true
end

local result = {0, afterScore, afterId}
local rank, examined, found = startRank(), 0, 0
local batch = math.min(math.max(want, 16), budget)
while true do
    local rows = redis.call('ZRANGE', index, rank, rank + batch - 1, 'WITHSCORES')
    if #rows == 0 then
        result[1] = 1
        return result
    end
    for i = 1, #rows, 2 do
        local id, score = rows[i], rows[i + 1]
        if maxScore and tonumber(score) >= maxScore then
            result[1] = 1
            return result
        end
        examined = examined + 1
        result[2], result[3] = score, id
        if matches(id) then
            local hash = redis.call('HGETALL', hashPrefix .. id)
            if #hash > 0 then
                result[#result + 1] = hash
                found = found + 1
                if found == want then
                    return result
                end
            end
        end
        if examined == budget then
            return result
        end
    end
    rank = rank + batch
end
