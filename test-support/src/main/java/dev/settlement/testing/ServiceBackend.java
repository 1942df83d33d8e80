package dev.settlement.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a test or benchmark puts the packaged service on one backend, as a user would ({@code -Dquarkus.profile=…}
 * plus the backend's keys): which servers the backend needs, and the options that point it at them. The one place
 * outside the stores that knows which backend uses what.
 */
public final class ServiceBackend {
    private ServiceBackend() {
    }

    public static boolean needsPostgres(String backend) {
        return backend.equals("postgres") || backend.equals("composite");
    }

    public static boolean needsRedis(String backend) {
        return backend.equals("redis") || backend.equals("composite");
    }

    /**
     * The options of {@code backend}: its profile, then the SQLite file, PostgreSQL database and Redis (URL, and key
     * prefix unless null) it uses; the locations it does not use are ignored and may be null.
     */
    public static List<String> options(String backend, Path sqliteFile, JdbcTarget postgres, String redisUrl,
                                       String redisPrefix) {
        List<String> options = new ArrayList<>(List.of("-Dquarkus.profile=" + backend));
        if (backend.equals("sqlite")) {
            options.add("-Dsettlement.sqlite.path=" + sqliteFile);
        }
        if (needsPostgres(backend)) {
            options.addAll(ServiceProcess.postgresOptions(postgres));
        }
        if (needsRedis(backend)) {
            options.add("-Dsettlement.redis.url=" + redisUrl);
            if (redisPrefix != null) {
                options.add("-Dsettlement.redis.key-prefix=" + redisPrefix);
            }
        }
        return options;
    }
}
