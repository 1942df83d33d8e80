-- A solver's active settlements, counted under the write lock on every create of one of its settlements (the
-- capacity rule). Without it the count walks idx_settlements_solver_id: the solver's whole history, every settlement
-- it ever finished. PostgreSQL has had this index since V1. The predicate is the store's "active" term word for
-- word (status NOT IN ('COMPLETE', 'FAILED', 'TIMED_OUT')): SQLite uses a partial index only for a query carrying it.
CREATE INDEX idx_settlements_active_solver ON settlements (solver_id)
    WHERE status NOT IN ('COMPLETE', 'FAILED', 'TIMED_OUT');
