-- Settlements and their history: the schema of PERSISTENCE.md, plus what the store's guarantees rest on.
--   version                       compare-and-set on every change (starts at 1)
--   sequence, UNIQUE(id, seq)     transitions numbered 1, 2, 3 ... per settlement; none recorded twice
--   ux_settlements_active_intent  at most one active settlement per intent, whoever writes
--   (key, created_at, id)         every list filter is an index range in keyset order
--   idx_settlements_stuck         active rows by (expires_at, id), for stuck queries and recovery
-- The single-column indexes of PERSISTENCE.md are widened in place (same names), the plain expires_at index is
-- replaced by the partial stuck index, and history is read through UNIQUE(settlement_id, sequence).
-- Amounts are Uint128 as decimal text: TEXT affinity keeps every digit (NUMERIC affinity would turn values
-- beyond 2^63 into REAL).

CREATE TABLE settlements (
    id                  TEXT    NOT NULL PRIMARY KEY,
    intent_id           TEXT    NOT NULL,
    solver_id           TEXT,
    user_address        TEXT    NOT NULL,
    input_chain_id      TEXT    NOT NULL,
    input_denom         TEXT    NOT NULL,
    input_amount        TEXT    NOT NULL,
    output_chain_id     TEXT    NOT NULL,
    output_denom        TEXT    NOT NULL,
    output_amount       TEXT    NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('PENDING', 'USER_LOCKED', 'SOLVER_LOCKED', 'EXECUTING',
                                                           'COMPLETE', 'FAILED', 'TIMED_OUT')),
    escrow_id           TEXT,
    solver_bond_id      TEXT,
    ibc_packet_sequence INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    expires_at          INTEGER NOT NULL,
    completed_at        INTEGER,
    error_message       TEXT,
    version             INTEGER NOT NULL
);

-- "Active" is spelled as "not terminal" (the same rows, given the CHECK above), exactly as the store's queries
-- spell it: a partial index is only used for a query that carries its WHERE term, and a NOT IN term cannot
-- steer the planner to idx_settlements_status_created (an IN list would, and then sort).
CREATE UNIQUE INDEX ux_settlements_active_intent ON settlements (intent_id)
    WHERE status NOT IN ('COMPLETE', 'FAILED', 'TIMED_OUT');
CREATE INDEX idx_settlements_stuck ON settlements (expires_at, id)
    WHERE status NOT IN ('COMPLETE', 'FAILED', 'TIMED_OUT');

CREATE INDEX idx_settlements_created        ON settlements (created_at, id);
CREATE INDEX idx_settlements_status_created ON settlements (status, created_at, id);
CREATE INDEX idx_settlements_solver_id      ON settlements (solver_id, created_at, id);
CREATE INDEX idx_settlements_intent_id      ON settlements (intent_id, created_at, id);
CREATE INDEX idx_settlements_user_address   ON settlements (user_address, created_at, id);

CREATE TABLE settlement_transitions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    settlement_id TEXT    NOT NULL REFERENCES settlements (id) ON DELETE CASCADE,
    sequence      INTEGER NOT NULL,
    from_status   TEXT    NOT NULL,
    to_status     TEXT    NOT NULL,
    timestamp     INTEGER NOT NULL,
    details       TEXT,
    tx_hash       TEXT,
    CONSTRAINT ux_transitions_sequence UNIQUE (settlement_id, sequence)
);
