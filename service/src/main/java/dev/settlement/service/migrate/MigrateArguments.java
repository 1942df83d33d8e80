package dev.settlement.service.migrate;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The command line of {@code migrate}: {@code --from <backend> --to <backend> [--batch-size N] [--verify-only]
 * [--restart]}. Parsed before Quarkus starts, so a wrong command line is reported at once.
 */
public record MigrateArguments(String from, String to, int batchSize, boolean verifyOnly, boolean restart) {
    public static final String COMMAND = "migrate";
    /** The backends that keep data across processes; {@code memory} has nothing to move. */
    static final Set<String> BACKENDS = new TreeSet<>(List.of("sqlite", "postgres", "redis", "composite"));
    static final int DEFAULT_BATCH_SIZE = 500;
    static final int MAX_BATCH_SIZE = 5000;
    public static final String USAGE = "usage: migrate --from <backend> --to <backend> [--batch-size N] [--verify-only] "
            + "[--restart]; backends: " + String.join(", ", BACKENDS);

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
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--from" -> from = value(args, ++i, arg);
                case "--to" -> to = value(args, ++i, arg);
                case "--batch-size" -> batchSize = batchSize(value(args, ++i, arg));
                case "--verify-only" -> verifyOnly = true;
                case "--restart" -> restart = true;
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
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
        return new MigrateArguments(from, to, batchSize, verifyOnly, restart);
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
