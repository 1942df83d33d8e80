package dev.settlement.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * What a Redis server says, unasked, to a new connection: nothing, normally; an error line when it takes no more
 * connections ({@code -ERR max number of clients reached}), sent before it closes. The client library does not pass
 * that line on (its connection just fails or times out), so when a command could not reach Redis this asks once more
 * over a plain socket, to name the reason. Sends nothing; plain {@code redis://} only.
 */
final class RedisGreeting {
    private static final int CONNECT_MILLIS = 500;
    private static final int READ_MILLIS = 300;

    private RedisGreeting() {
    }

    /** The error line the server at {@code url} greets a new connection with, or null (none, unreachable, TLS). */
    static String refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            return null;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()),
                    CONNECT_MILLIS);
            socket.setSoTimeout(READ_MILLIS);
            InputStream in = socket.getInputStream();
            if (in.read() != '-') {
                return null;
            }
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\n' && line.length() < 512; b = in.read()) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null; // nothing said within the wait (a server taking connections), or nothing there
        }
    }
}
