-- Imports one settlement with its whole history, for a migration, in one atomic step: inserted when absent, record
-- and history replaced when the stored version is lower, left alone otherwise. Every index and active marker is set
-- for what the settlement is now. No creation rule is checked, except that an active settlement is refused when its
-- intent has another active settlement here (the marker would be overwritten).
-- KEYS: 1 settlement hash, 2 history list, 3 idx:all, 4 idx:intent, 5 idx:user, 6 idx:active-expiry,
--       7 active-intent marker, 8 idx:terminal, 9 archive tombstones, 10-16 idx:status:<S> for every status,
--       [17 idx:solver, 18 active-solver set]  (17 and 18 only when the settlement has a solver)
-- ARGV: 1 id, 2 version, 3 status, 4 '1' when active, '2' when terminal and to enter idx:terminal (for the
--       composite's archiver), '0' otherwise, 5 createdAt, 6 expiresAt, 7 updatedAt, 8 intentId,
--       9 solverId ('' for none), 10 userAddress, 11 '1' to import only over a stored version (else: ABSENT), '2'
--       for a settlement a migration moves here from the composite's archive (its tombstone is dropped), else '0',
--       12 m = number of hash field/value arguments, 13 .. 12+m hash field/value pairs, then the transitions as
--       JSON, in sequence order
-- Returns {COPIED}, {UPDATED}, {ALREADY_PRESENT}, {ARCHIVED} (a tombstone: the composite's archive holds it), {ABSENT},
-- {INTENT_ALREADY_ACTIVE, id of the active one} or {INCONSISTENT, what} (the stored one has other parties).
local id, version, status, active = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4] == '1'
local hasSolver = #KEYS == 18

if ARGV[11] == '2' then
    redis.call('ZREM', KEYS[9], id)
elseif redis.call('ZSCORE', KEYS[9], id) then
    return {'ARCHIVED'}
end
local current = redis.call('HMGET', KEYS[1], 'version', 'status', 'intentId', 'solverId', 'userAddress')
local outcome = 'COPIED'
if not current[1] and ARGV[11] == '1' then
    return {'ABSENT'}
end
if current[1] then
    if tonumber(current[1]) >= version then
        return {'ALREADY_PRESENT'}
    end
    if current[3] ~= ARGV[8] or (current[4] or '') ~= ARGV[9] or current[5] ~= ARGV[10] then
        return {'INCONSISTENT', 'stored intent, solver or user differ'}
    end
    outcome = 'UPDATED'
end
if active then
    local holder = redis.call('GET', KEYS[7])
    if holder and holder ~= id then
        return {'INTENT_ALREADY_ACTIVE', holder}
    end
end

local function statusIndex(name)
    local suffix = ':idx:status:' .. name
    for i = 10, 16 do
        if string.sub(KEYS[i], -#suffix) == suffix then
            return KEYS[i]
        end
    end
    error('no status index for ' .. tostring(name))
end

if outcome == 'UPDATED' then
    redis.call('ZREM', statusIndex(current[2]), id)
    redis.call('DEL', KEYS[1], KEYS[2])
end
local fieldsEnd = 12 + tonumber(ARGV[12])
redis.call('HSET', KEYS[1], unpack(ARGV, 13, fieldsEnd))
if #ARGV > fieldsEnd then
    redis.call('RPUSH', KEYS[2], unpack(ARGV, fieldsEnd + 1))
end
local createdAt = ARGV[5]
for _, index in ipairs({KEYS[3], KEYS[4], KEYS[5], statusIndex(status)}) do
    redis.call('ZADD', index, createdAt, id)
end
if hasSolver then
    redis.call('ZADD', KEYS[17], createdAt, id)
end
if active then
    redis.call('ZADD', KEYS[6], ARGV[6], id)
    redis.call('SET', KEYS[7], id)
    redis.call('ZREM', KEYS[8], id)
    if hasSolver then
        redis.call('SADD', KEYS[18], id)
    end
else
    redis.call('ZREM', KEYS[6], id)
    if redis.call('GET', KEYS[7]) == id then
        redis.call('DEL', KEYS[7])
    end
    if ARGV[4] == '2' then
        redis.call('ZADD', KEYS[8], ARGV[7], id)
    end
    if hasSolver then
        redis.call('SREM', KEYS[18], id)
    end
end
return {outcome}
