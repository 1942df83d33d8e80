-- One INFO section (ARGV[1]) of the server holding KEYS[1]: on Redis Cluster the master of the key prefix's slot,
-- where a plain INFO would go to whichever node the client picks.
return redis.call('INFO', ARGV[1])
