package dev.settlement.reliability;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Soak mode, outside CI ({@code -Dreliability.soak=true}, what {@code reliability/run.sh --soak} passes): the same
 * tests with their counts raised far past what {@code mvn verify} runs. Each count is a system property of its own
 * whose default is the CI value, or the soak value in soak mode; either can be overridden on the command line.
 * {@code -Dreliability.backends=a,b} limits the parameterized tests to those backends. Figures of a soak run are
 * recorded as {@code soak-<test>}, so they fill the soak table of docs/reliability.md and leave the CI tables alone.
 */
final class Soak {
    private static final Logger LOG = Logger.getLogger(Soak.class.getName());
    static final boolean ON = Boolean.getBoolean("reliability.soak");

    private Soak() {
    }

    /** {@code -Dreliability.<key>}, else {@code soak} in soak mode and {@code normal} otherwise. */
    static int count(String key, int normal, int soak) {
        return Integer.getInteger("reliability." + key, ON ? soak : normal);
    }

    /** {@code backends}, less those {@code -Dreliability.backends} (comma-separated) leaves out. */
    static List<String> backends(String... backends) {
        String only = System.getProperty("reliability.backends", "").trim();
        if (only.isEmpty()) {
            return List.of(backends);
        }
        Set<String> wanted = Arrays.stream(only.split(",")).map(String::trim).collect(Collectors.toSet());
        return Arrays.stream(backends).filter(wanted::contains).toList();
    }

    /** The figures' test name: {@code name}, or {@code soak-<name>} in soak mode. */
    static String test(String name) {
        return ON ? "soak-" + name : name;
    }

    /** A line that shows a long run moving (logged every time; callers choose how often). */
    static void progress(String line) {
        LOG.info(line);
    }
}
