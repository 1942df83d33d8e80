package dev.settlement.store.redis;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One Lua script from this package's resources, run by its SHA-1 ({@code EVALSHA}); when the server does not know
 * it yet (fresh server, restart, failover, {@code SCRIPT FLUSH}) it is sent once with {@code EVAL}, which also caches
 * it. Scripts are content-addressed, so deployments of different versions can share one server.
 */
final class LuaScript {
    private final String name;
    private final String source;
    private final String sha1;
    private final boolean writes;

    private LuaScript(String name, String source, boolean writes) {
        this.name = name;
        this.source = source;
        this.sha1 = sha1(source);
        this.writes = writes;
    }

    /** The script {@code <name>.lua} next to this class, one that only reads. */
    static LuaScript load(String name) {
        return load(name, false);
    }

    /** The script {@code <name>.lua} next to this class, one that writes: settlement.redis.min-replica-acks waits for it. */
    static LuaScript loadWriting(String name) {
        return load(name, true);
    }

    private static LuaScript load(String name, boolean writes) {
        String resource = name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing script resource " + resource);
            }
            return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8), writes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LuaScript of(String name, String source) {
        return new LuaScript(name, source, true);
    }

    boolean writes() {
        return writes;
    }

    Response run(RedisDataSource redis, List<String> keys, List<String> args) {
        String[] command = new String[2 + keys.size() + args.size()];
        command[0] = sha1;
        command[1] = Integer.toString(keys.size());
        int i = 2;
        for (String key : keys) {
            command[i++] = key;
        }
        for (String arg : args) {
            command[i++] = arg;
        }
        try {
            return redis.execute(Command.EVALSHA, command);
        } catch (RuntimeException e) {
            if (!"NOSCRIPT".equals(RedisFailures.errorCode(e))) {
                throw e;
            }
            command[0] = source;
            return redis.execute(Command.EVAL, command);
        }
    }

    String source() {
        return source;
    }

    @Override
    public String toString() {
        return name + ".lua (" + sha1 + ")";
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }
}
