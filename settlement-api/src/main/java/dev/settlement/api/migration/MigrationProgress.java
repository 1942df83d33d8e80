package dev.settlement.api.migration;

/** Told how far a migration is, batch by batch; the service's ConsoleProgress shows it to an operator. */
public interface MigrationProgress {
    MigrationProgress NONE = new MigrationProgress() {
        @Override
        public void phase(String name, long total, long done) {
        }

        @Override
        public void advanced(long done) {
        }

        @Override
        public void finished() {
        }
    };

    /** A phase ("copy", "verify") begins: {@code total} settlements, {@code done} of them already (a resumed run). */
    void phase(String name, long total, long done);

    /** {@code done} settlements of the current phase are through. */
    void advanced(long done);

    /** The current phase is over (also after a failure). */
    void finished();
}
