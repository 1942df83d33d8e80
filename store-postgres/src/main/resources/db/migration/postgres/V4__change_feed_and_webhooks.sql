-- The change feed and the webhook store (SettlementStore#events, WebhookStore).
--
-- settlement_events: one row per creation and transition, inserted in the transaction of the change. PostgreSQL
-- commits concurrent transactions out of the order of any number they took, so a writer does not number its event:
-- it inserts it with a NULL sequence (id, from the identity, only records the order of insertion). The sequencer
-- (JpaSettlementStore#sequenceCommittedEvents) numbers every committed unsequenced row, in id order, from the counter
-- row it holds locked (FOR UPDATE) for its short transaction, and moves the counter. Sequences assigned later are
-- therefore higher than every one assigned before, and a reader sees an assignment only once it is committed: no
-- event ever appears below one a reader was given. idx_settlement_events_unsequenced keeps the sequencer's search to
-- the few rows waiting for it.
--   payload                       EventFields.encode of the event (the record after the change, its transition)
--   event_type, settlement_id,
--   solver_id, event_time         the columns the feed is filtered and pruned by
-- settlement_event_counter: the one row the sequencer and importers lock; last_sequence is the highest sequence
-- assigned or imported, pruned_through the highest one retention removed (below it, a reader is too late).

CREATE TABLE settlement_events (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sequence      BIGINT CHECK (sequence >= 1),
    event_type    TEXT             NOT NULL,
    event_time    BIGINT           NOT NULL,
    settlement_id TEXT COLLATE "C" NOT NULL,
    solver_id     TEXT COLLATE "C",
    payload       TEXT             NOT NULL
);
CREATE UNIQUE INDEX ux_settlement_events_sequence ON settlement_events (sequence);
CREATE INDEX idx_settlement_events_unsequenced ON settlement_events (id) WHERE sequence IS NULL;

CREATE TABLE settlement_event_counter (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    last_sequence  BIGINT NOT NULL,
    pruned_through BIGINT NOT NULL
);
INSERT INTO settlement_event_counter (id, last_sequence, pruned_through) VALUES (1, 0, 0);

-- Webhook endpoints; feed_cursor is the feed position up to which their deliveries are recorded (moved by
-- compare-and-set). types: the event types wanted, sorted and comma-joined; empty for all.
CREATE TABLE webhook_endpoints (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    url         TEXT             NOT NULL,
    types       TEXT             NOT NULL,
    solver_id   TEXT COLLATE "C",
    description TEXT,
    secret      TEXT             NOT NULL,
    created_at  BIGINT           NOT NULL,
    feed_cursor BIGINT           NOT NULL
);
CREATE INDEX idx_webhook_endpoints_created ON webhook_endpoints (created_at, id);

-- One delivery of one event to one endpoint; version is compared on every change (two instances never both claim
-- one attempt). The partial indexes carry the store's "undelivered" term word for word:
--   idx_webhook_deliveries_due          due deliveries, longest due first
--   idx_webhook_deliveries_undelivered  the first undelivered event of an endpoint's settlement (what holds back the
--                                       settlement's later events), searched before every attempt
--   idx_webhook_deliveries_waiting      the oldest undelivered event of an endpoint
CREATE TABLE webhook_deliveries (
    endpoint_id          TEXT COLLATE "C" NOT NULL
        CONSTRAINT fk_webhook_deliveries_endpoint REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_sequence       BIGINT           NOT NULL,
    settlement_id        TEXT COLLATE "C" NOT NULL,
    event_time           BIGINT           NOT NULL,
    status               TEXT             NOT NULL
        CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'DEAD')),
    attempts             INTEGER          NOT NULL CHECK (attempts >= 0),
    last_attempt_at      BIGINT,
    next_attempt_at      BIGINT           NOT NULL,
    last_response_status INTEGER,
    last_error           TEXT,
    version              BIGINT           NOT NULL CHECK (version >= 1),
    PRIMARY KEY (endpoint_id, event_sequence)
);
CREATE INDEX idx_webhook_deliveries_due ON webhook_deliveries (next_attempt_at, endpoint_id, event_sequence)
    WHERE status IN ('PENDING', 'FAILED');
CREATE INDEX idx_webhook_deliveries_undelivered ON webhook_deliveries (endpoint_id, settlement_id, event_sequence)
    WHERE status IN ('PENDING', 'FAILED');
CREATE INDEX idx_webhook_deliveries_waiting ON webhook_deliveries (endpoint_id, event_sequence)
    WHERE status IN ('PENDING', 'FAILED');
