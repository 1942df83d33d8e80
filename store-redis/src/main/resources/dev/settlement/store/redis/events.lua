-- One page of the change feed and how far pruning has gone, read at one instant (so a page is never silently cut
-- short by a prune that ran between the two reads).
-- KEYS: 1 event stream, 2 pruned-through
-- ARGV: 1 the first entry id to return (<after + 1>-0), 2 at most this many entries
-- Returns {pruned through ('0' if never), {{entry id, {field, value, ...}}, ...}}.
return {redis.call('GET', KEYS[2]) or '0', redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])}
