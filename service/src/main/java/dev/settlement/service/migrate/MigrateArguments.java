package dev.settlement.service.migrate;

import dev.settlement.api.StoreBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The command line of {@code migrate}: {@code --from <backend> --to <backend> [--batch-size N] [--verify-only]
 * [--restart]} and the locations of either side where they differ from the {@code settlement.*} keys:
 * {@code --from-postgres-url}, {@code --from-postgres-username}, {@code --from-redis-url}, {@code --from-key-prefix}
 * and the same with {@code --to-}. Each sets a key ({@code settlement.migrate.source.postgres.url}, …, see
 * {@link #locations()}), which can also be given like any other key; passwords only that way. Parsed before Quarkus
 * starts, so a wrong command line is reported at once.
 */
public record MigrateArguments(String from, String to, int batchSize, boolean verifyOnly, boolean restart,
                               Map<String, String> locations) {
    public static final String COMMAND = "migrate";
    /** The installed backends that keep data across processes; {@code memory} has nothing to move. */
    static final Set<String> BACKENDS = StoreBackend.installed().stream().filter(StoreBackend::durable)
            .map(StoreBackend::name).collect(Collectors.toCollection(TreeSet::new));
    static final int DEFAULT_BATCH_SIZE = 500;
    static final int MAX_BATCH_SIZE = 5000;
    /** The options naming a side's location: option suffix -> key suffix under settlement.migrate.(from|to). */
    private static final Map<String, String> LOCATION_OPTIONS = Map.of(
            "postgres-url", "postgres.url",
            "postgres-username", "postgres.username",
            "redis-url", "redis.url",
            "key-prefix", "redis.key-prefix");
    public static final String USAGE = "usage: migrate --from <backend> --to <backend> [--batch-size N] [--verify-only] "
            + "[--restart] [--from-postgres-url URL] [--from-postgres-username NAME] [--from-redis-url URL] "
            + "[--from-key-prefix PREFIX] [--to-postgres-url URL] [--to-postgres-username NAME] [--to-redis-url URL] "
            + "[--to-key-prefix PREFIX]; backends: " + String.join(", ", BACKENDS);

    /** The key a side's ({@code from}, {@code to}) location option sets, e.g. {@code settlement.migrate.target.postgres.url}. */
    public static String key(String side, String what) {
        return "settlement.migrate." + (side.equals("from") ? "source" : "target") + "." + what;
    }

    /** Whether {@code backend} keeps data in PostgreSQL (postgres, composite). */
    static boolean usesPostgres(String backend) {
        return backend.equals("postgres") || backend.equals("composite");
    }

    /** Whether {@code backend} keeps data in Redis (redis, composite). */
    static boolean usesRedis(String backend) {
        return backend.equals("redis") || backend.equals("composite");
    }

    /**
     * Parses the arguments after {@code migrate}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static MigrateArguments parse(List<String> args) {
        String from = null;
        String to = null;
        int batchSize = DEFAULT_BATCH_SIZE;
        boolean verifyOnly = false;
        boolean restart = false;
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--from" -> from = value(args, ++i, arg);
                case "--to" -> to = value(args, ++i, arg);
                case "--batch-size" -> batchSize = batchSize(value(args, ++i, arg));
                case "--verify-only" -> verifyOnly = true;
                case "--restart" -> restart = true;
                default -> {
                    String side = arg.startsWith("--from-") ? "from" : arg.startsWith("--to-") ? "to" : null;
                    String what = side == null ? null : arg.substring(side.length() + 3);
                    if (side != null && what.equals("postgres-password")) {
                        throw new IllegalArgumentException(arg + " is not taken on the command line (any user can "
                                + "read it there): set " + key(side, "postgres.password") + " (environment "
                                + key(side, "postgres.password").toUpperCase(Locale.ROOT).replace('.', '_') + ")");
                    }
                    if (side == null || !LOCATION_OPTIONS.containsKey(what)) {
                        throw new IllegalArgumentException("unknown option '" + arg + "'");
                    }
                    given.put(arg, location(what, value(args, ++i, arg), arg));
                }
            }
        }
        if (from == null || to == null) {
            throw new IllegalArgumentException("--from and --to are required");
        }
        for (String backend : List.of(from, to)) {
            if (!BACKENDS.contains(backend)) {
                throw new IllegalArgumentException("unknown backend '" + backend + "'; choose one of "
                        + String.join(", ", BACKENDS));
            }
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("--from and --to are the same backend (" + from + "): both would be "
                    + "configured by the same keys, so there is nothing to move");
        }
        if (verifyOnly && restart) {
            throw new IllegalArgumentException("--restart has no meaning with --verify-only");
        }
        Map<String, String> locations = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : given.entrySet()) {
            String side = option.getKey().startsWith("--from-") ? "from" : "to";
            String backend = side.equals("from") ? from : to;
            String what = option.getKey().substring(side.length() + 3);
            boolean fits = what.startsWith("postgres-") ? usesPostgres(backend) : usesRedis(backend);
            if (!fits) {
                throw new IllegalArgumentException(option.getKey() + " has no meaning with --" + side + " " + backend
                        + ": it names the " + (what.startsWith("postgres-") ? "PostgreSQL database of postgres or"
                        : "Redis of redis or") + " composite");
            }
            locations.put(key(side, LOCATION_OPTIONS.get(what)), option.getValue());
        }
        return new MigrateArguments(from, to, batchSize, verifyOnly, restart, Map.copyOf(locations));
    }

    private static String location(String what, String value, String option) {
        boolean valid = switch (what) {
            case "postgres-url" -> value.startsWith("jdbc:postgresql://") && value.length() > "jdbc:postgresql://".length();
            case "redis-url" -> value.matches("(redis|rediss|unix)://.+");
            case "key-prefix" -> !value.isEmpty() && !value.matches(".*[{}\\s].*");
            default -> !value.isBlank();
        };
        if (!valid) {
            throw new IllegalArgumentException(option + " must be " + switch (what) {
                case "postgres-url" -> "a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)";
                case "redis-url" -> "a Redis URL (redis://host:port, rediss://…)";
                case "key-prefix" -> "a key prefix without braces or spaces";
                default -> "a name";
            } + ", not '" + value + "'");
        }
        return value;
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static int batchSize(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_BATCH_SIZE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--batch-size must be a number from 1 to " + MAX_BATCH_SIZE + ", not '"
                + text + "'");
    }
}
