package dev.settlement.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a Redis server answers a new connection that logs in as the URL says and sends PING. The client library does
 * not always pass a refusal met while connecting on: a server past maxclients greets a new connection with
 * {@code -ERR max number of clients reached} and closes it, and one that wants a password may close a connection that
 * sent a long command unauthenticated; the client then reports a closed connection or a time-out. So when a command
 * could not reach Redis, this asks once more over a plain socket, to name the reason. Plain {@code redis://} only.
 */
final class RedisGreeting {
    private static final int CONNECT_MILLIS = 1000;
    /** A refusing server speaks first, at once; one that takes the connection says nothing until asked. */
    private static final int GREETING_MILLIS = 100;
    private static final int REPLY_MILLIS = 2000;

    private RedisGreeting() {
    }

    /**
     * The error line (without its leading {@code -}) the server at {@code url} refuses a new connection with, or null
     * when it answers PING, cannot be reached, or the URL is not plain {@code redis://}. A comma-separated list (the
     * nodes of a Redis Cluster) is asked node by node, until one refuses.
     */
    static String refusal(String url) {
        for (String node : url.split(",")) {
            String refusal = refusalOfOne(node.trim());
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    private static String refusalOfOne(String url) {
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
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(GREETING_MILLIS);
            try {
                return error(readLine(in));
            } catch (SocketTimeoutException quiet) {
                // it took the connection: log in as the client does, and ask
            }
            socket.setSoTimeout(REPLY_MILLIS);
            OutputStream out = socket.getOutputStream();
            if (uri.getRawUserInfo() != null) {
                String auth = error(send(out, in, auth(uri.getRawUserInfo())));
                if (auth != null) {
                    return auth;
                }
            }
            return error(send(out, in, List.of("PING")));
        } catch (IOException e) {
            return null; // nothing there, or it hung up without a word
        }
    }

    private static String error(String line) {
        return line.startsWith("-") ? line.substring(1) : null;
    }

    /** AUTH arguments from URL user info "user:password", ":password" or "password". */
    private static List<String> auth(String rawUserInfo) {
        String userInfo = URLDecoder.decode(rawUserInfo, StandardCharsets.UTF_8);
        int colon = userInfo.indexOf(':');
        List<String> command = new ArrayList<>(List.of("AUTH"));
        if (colon > 0) {
            command.add(userInfo.substring(0, colon));
        }
        command.add(colon < 0 ? userInfo : userInfo.substring(colon + 1));
        return command;
    }

    private static String send(OutputStream out, InputStream in, List<String> command) throws IOException {
        StringBuilder resp = new StringBuilder("*").append(command.size()).append("\r\n");
        for (String argument : command) {
            resp.append('$').append(argument.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                    .append(argument).append("\r\n");
        }
        out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readLine(in);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n' && line.length() < 512; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
