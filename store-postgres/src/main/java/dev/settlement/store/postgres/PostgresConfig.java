package dev.settlement.store.postgres;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The {@code settlement.postgres.*} keys of the public contract. The default URL is in this jar's
 * {@code META-INF/microprofile-config.properties}, which also hands all three keys to the {@code postgres} datasource.
 */
@ConfigMapping(prefix = "settlement.postgres")
public interface PostgresConfig {
    /** JDBC URL of the database, e.g. {@code jdbc:postgresql://localhost:5432/settlements}. */
    String url();

    /** Role to log in as; unset leaves it to the URL or the driver. */
    Optional<String> username();

    /** Its password; unset (or empty) for trust or peer authentication. */
    Optional<String> password();
}
