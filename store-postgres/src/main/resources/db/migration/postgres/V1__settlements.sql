-- Settlements and their history: the logical schema of every SQL backend, in PostgreSQL types.
--   TEXT COLLATE "C"              ids, intent, solver and user compare byte by byte, which for the ASCII the API
--                                 admits is Java's String.compareTo: keyset order in SQL is the domain's order,
--                                 whatever collation the database was created with
--   NUMERIC(39,0) + CHECK         Uint128 amounts, exact (2^128-1 has 39 digits)
--   version                       compare-and-set on every change (starts at 1)
--   sequence, UNIQUE(id, seq)     transitions numbered 1, 2, 3 ... per settlement; none recorded twice
--   ux_settlements_active_intent  at most one active settlement per intent, whoever writes
--   idx_settlements_active_solver a solver's active settlements, counted on every create without reading its history
--   (key, created_at, id)         every list filter is an index range in keyset order
--   idx_settlements_stuck         active rows by (expires_at, id), for stuck queries and recovery
-- "Active" is spelled as "not terminal" (the same rows, given the CHECK on status), exactly as the store's queries
-- spell it: the planner uses a partial index only for a query whose WHERE implies the index's predicate.

CREATE TABLE settlements (
    id                  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    intent_id           TEXT COLLATE "C" NOT NULL,
    solver_id           TEXT COLLATE "C",
    user_address        TEXT COLLATE "C" NOT NULL,
    input_chain_id      TEXT             NOT NULL,
    input_denom         TEXT             NOT NULL,
    input_amount        NUMERIC(39, 0)   NOT NULL
        CONSTRAINT ck_settlements_input_amount_uint128
        CHECK (input_amount BETWEEN 0 AND 340282366920938463463374607431768211455),
    output_chain_id     TEXT             NOT NULL,
    output_denom        TEXT             NOT NULL,
    output_amount       NUMERIC(39, 0)   NOT NULL
        CONSTRAINT ck_settlements_output_amount_uint128
        CHECK (output_amount BETWEEN 0 AND 340282366920938463463374607431768211455),
    status              TEXT             NOT NULL
        CONSTRAINT ck_settlements_status
        CHECK (status IN ('PENDING', 'USER_LOCKED', 'SOLVER_LOCKED', 'EXECUTING', 'COMPLETE', 'FAILED', 'TIMED_OUT')),
    escrow_id           TEXT,
    solver_bond_id      TEXT,
    ibc_packet_sequence BIGINT CHECK (ibc_packet_sequence >= 0),
    created_at          BIGINT           NOT NULL,
    updated_at          BIGINT           NOT NULL,
    expires_at          BIGINT           NOT NULL,
    completed_at        BIGINT,
    error_message       TEXT,
    version             BIGINT           NOT NULL CHECK (version >= 1)
);

CREATE UNIQUE INDEX ux_settlements_active_intent ON settlements (intent_id)
    WHERE status NOT IN ('COMPLETE', 'FAILED', 'TIMED_OUT');
CREATE INDEX idx_settlements_active_solver ON settlements (solver_id)
    WHERE status NOT IN ('COMPLETE', 'FAILED', 'TIMED_OUT');
CREATE INDEX idx_settlements_stuck ON settlements (expires_at, id)
    WHERE status NOT IN ('COMPLETE', 'FAILED', 'TIMED_OUT');

CREATE INDEX idx_settlements_created        ON settlements (created_at, id);
CREATE INDEX idx_settlements_status_created ON settlements (status, created_at, id);
CREATE INDEX idx_settlements_solver_id      ON settlements (solver_id, created_at, id);
CREATE INDEX idx_settlements_intent_id      ON settlements (intent_id, created_at, id);
CREATE INDEX idx_settlements_user_address   ON settlements (user_address, created_at, id);

CREATE TABLE settlement_transitions (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    settlement_id TEXT COLLATE "C" NOT NULL
        CONSTRAINT fk_transitions_settlement REFERENCES settlements (id) ON DELETE CASCADE,
    sequence      INTEGER NOT NULL CHECK (sequence >= 1),
    from_status   TEXT    NOT NULL,
    to_status     TEXT    NOT NULL,
    timestamp     BIGINT  NOT NULL,
    details       TEXT,
    tx_hash       TEXT,
    -- also the index of history reads and of the foreign key
    CONSTRAINT ux_transitions_sequence UNIQUE (settlement_id, sequence)
);
