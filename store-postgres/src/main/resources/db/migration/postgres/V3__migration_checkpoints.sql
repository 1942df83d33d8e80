-- Where each migration into this database stands (the `migrate` command): one row per migration, named after its
-- source; the checkpoint is the creation-order position of the last batch committed, or "complete …".
-- Numbered 1.1 so that it sorts before any V2 of the settlement tables, whichever is merged first.
CREATE TABLE settlement_migrations (
    name       TEXT NOT NULL PRIMARY KEY,
    checkpoint TEXT NOT NULL
);
