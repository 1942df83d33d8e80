-- Where each migration into this database stands (the `migrate` command): one row per migration, named after its
-- source; the checkpoint is the creation-order position of the last batch committed, or "complete …".
CREATE TABLE settlement_migrations (
    name       TEXT NOT NULL PRIMARY KEY,
    checkpoint TEXT NOT NULL
);
