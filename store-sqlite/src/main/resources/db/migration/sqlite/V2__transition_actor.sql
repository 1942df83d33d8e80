-- Who made each transition: the caller's token subject, 'system' for scheduled recovery. Transitions recorded
-- before this migration did not keep it and read as 'unknown'.
ALTER TABLE settlement_transitions ADD COLUMN actor TEXT NOT NULL DEFAULT 'unknown';
