package dev.settlement.testing;

import java.util.Optional;
import java.util.logging.Logger;

/**
 * The skeleton both test servers share: reach the configured server, otherwise start a temporary one, once per JVM;
 * log which one is used; fail (never skip) with a clear message when neither works.
 *
 * @param <T> what callers need to talk to the server (a URL, a JDBC target)
 */
final class SharedServer<T> {

    static final Logger LOG = Logger.getLogger("dev.settlement.testing");

    /** Returns the target if a server answers at the configured address, empty if none answers. */
    interface Reach<T> {
        Optional<T> reach() throws Exception;
    }

    /** Starts a temporary server. */
    interface Start<T> {
        Started<T> start() throws Exception;
    }

    /** A started server and how to describe it in the log ("a temporary cluster on 127.0.0.1:5555 from …"). */
    record Started<T>(T target, String description) {
    }

    private final String name;
    private final String configured;
    private final String setting;
    private final String installHint;
    private final Reach<T> reach;
    private final Start<T> start;
    private T target;
    private IllegalStateException failure;

    /**
     * @param name        "Test PostgreSQL"
     * @param configured  the configured address, for messages
     * @param setting     the environment variable that configures it, for messages
     * @param installHint what to install when nothing can be started, e.g. "the Debian package postgresql"
     */
    SharedServer(String name, String configured, String setting, String installHint, Reach<T> reach, Start<T> start) {
        this.name = name;
        this.configured = configured;
        this.setting = setting;
        this.installHint = installHint;
        this.reach = reach;
        this.start = start;
    }

    /** The server to use; the first call decides, later calls return the same answer (or the same failure). */
    synchronized T get() {
        if (failure != null) {
            throw failure;
        }
        if (target == null) {
            try {
                target = resolve();
            } catch (IllegalStateException e) {
                failure = e;
                throw e;
            }
        }
        return target;
    }

    private T resolve() {
        Optional<T> reached;
        try {
            reached = reach.reach();
        } catch (Exception e) {
            throw new IllegalStateException(name + ": a server answered at " + configured + " but cannot be used: "
                    + e.getMessage() + ". Fix " + setting + " (and its user/password settings).", e);
        }
        if (reached.isPresent()) {
            LOG.info(name + ": reached " + configured);
            return reached.get();
        }
        try {
            Started<T> started = start.start();
            LOG.info(name + ": none at " + configured + ", started " + started.description());
            return started.target();
        } catch (Exception e) {
            String ci = Host.isCi() ? " CI=true: failing rather than skipping." : "";
            throw new IllegalStateException(name + ": none at " + configured + " and none could be started ("
                    + e.getMessage() + "). Install " + installHint + ", or set " + setting
                    + " to a running server." + ci, e);
        }
    }
}
