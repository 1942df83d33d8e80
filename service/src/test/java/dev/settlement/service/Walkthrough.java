package dev.settlement.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs {@code examples/walkthrough.sh} against a running service, as a user would, and asserts it passed. */
final class Walkthrough {
    private Walkthrough() {
    }

    /** Runs the walk-through against {@code baseUrl}; its output goes to {@code log}, and into the failure message. */
    static void passesAgainst(String baseUrl, Path log) throws Exception {
        Process walk = new ProcessBuilder("bash", "../examples/walkthrough.sh", baseUrl)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!walk.waitFor(120, TimeUnit.SECONDS)) {
            walk.destroyForcibly();
            throw new AssertionError("the walk-through did not finish within 120 s: " + Files.readString(log));
        }
        assertThat(walk.exitValue()).as(Files.readString(log)).isZero();
    }
}
