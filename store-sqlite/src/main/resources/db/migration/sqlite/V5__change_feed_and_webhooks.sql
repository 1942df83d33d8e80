-- The change feed and the webhook store (SettlementStore#events, WebhookStore): the tables of PostgreSQL's
-- V4__change_feed_and_webhooks.sql, which explains them, in SQLite types.
--
-- One difference: SQLite admits one writer at a time, and a writer holds the write lock from BEGIN (IMMEDIATE) to
-- COMMIT, so transactions commit in the order they number their events. The trigger below numbers each event as it
-- is inserted, from the counter, in the writer's own transaction: a rolled-back number was never visible, a
-- committed one is above every number committed before. The store's sequencer then never finds an unsequenced row
-- and feed reads stay read-only (they never queue for the write lock).

CREATE TABLE settlement_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    sequence      INTEGER CHECK (sequence >= 1),
    event_type    TEXT    NOT NULL,
    event_time    INTEGER NOT NULL,
    settlement_id TEXT    NOT NULL,
    solver_id     TEXT,
    payload       TEXT    NOT NULL
);
-- Also the index of the sequencer's look for unsequenced rows (SQLite keeps NULLs in it: sequence IS NULL is a
-- search), so PostgreSQL's partial index of those rows is not needed here.
CREATE UNIQUE INDEX ux_settlement_events_sequence ON settlement_events (sequence);

CREATE TABLE settlement_event_counter (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    last_sequence  INTEGER NOT NULL,
    pruned_through INTEGER NOT NULL
);
INSERT INTO settlement_event_counter (id, last_sequence, pruned_through) VALUES (1, 0, 0);

CREATE TRIGGER tr_settlement_events_sequence AFTER INSERT ON settlement_events WHEN NEW.sequence IS NULL
BEGIN
    UPDATE settlement_event_counter SET last_sequence = last_sequence + 1 WHERE id = 1;
    UPDATE settlement_events SET sequence = (SELECT last_sequence FROM settlement_event_counter WHERE id = 1)
        WHERE id = NEW.id;
END;

CREATE TABLE webhook_endpoints (
    id          TEXT    NOT NULL PRIMARY KEY,
    url         TEXT    NOT NULL,
    types       TEXT    NOT NULL,
    solver_id   TEXT,
    description TEXT,
    secret      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    feed_cursor INTEGER NOT NULL
);
CREATE INDEX idx_webhook_endpoints_created ON webhook_endpoints (created_at, id);

CREATE TABLE webhook_deliveries (
    endpoint_id          TEXT    NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_sequence       INTEGER NOT NULL,
    settlement_id        TEXT    NOT NULL,
    event_time           INTEGER NOT NULL,
    status               TEXT    NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'DEAD')),
    attempts             INTEGER NOT NULL CHECK (attempts >= 0),
    last_attempt_at      INTEGER,
    next_attempt_at      INTEGER NOT NULL,
    last_response_status INTEGER,
    last_error           TEXT,
    version              INTEGER NOT NULL CHECK (version >= 1),
    PRIMARY KEY (endpoint_id, event_sequence)
);
CREATE INDEX idx_webhook_deliveries_due ON webhook_deliveries (next_attempt_at, endpoint_id, event_sequence)
    WHERE status IN ('PENDING', 'FAILED');
CREATE INDEX idx_webhook_deliveries_undelivered ON webhook_deliveries (endpoint_id, settlement_id, event_sequence)
    WHERE status IN ('PENDING', 'FAILED');
CREATE INDEX idx_webhook_deliveries_waiting ON webhook_deliveries (endpoint_id, event_sequence)
    WHERE status IN ('PENDING', 'FAILED');
