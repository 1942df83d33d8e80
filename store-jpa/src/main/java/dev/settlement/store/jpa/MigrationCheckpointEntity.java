package dev.settlement.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Row of the {@code settlement_migrations} table: the checkpoint of one migration into this database, by the
 * migration's name (its source). A mapping only; see {@link dev.settlement.api.SettlementStore#saveMigrationCheckpoint}.
 */
@Entity
@Table(name = "settlement_migrations")
public class MigrationCheckpointEntity {
    @Id
    String name;
    @Column(nullable = false)
    String checkpoint;

    protected MigrationCheckpointEntity() {
        // for Hibernate
    }

    MigrationCheckpointEntity(String name, String checkpoint) {
        this.name = name;
        this.checkpoint = checkpoint;
    }
}
