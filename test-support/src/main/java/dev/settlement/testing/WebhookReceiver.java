package dev.settlement.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on a free loopback port that receives webhook deliveries: it keeps every request (headers and
 * the exact body bytes) and answers with {@link #answer(int)} (200 by default). It can be stopped and started again
 * on the same port, to play a receiver that is down.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One POST as it arrived: header names in lower case. */
    public record Request(String path, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name);
        }
    }

    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    private final List<Request> all = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Duration delay;
    private volatile int status = 200;
    private final int port;
    private HttpServer server;

    public WebhookReceiver() throws IOException {
        this(Duration.ZERO);
    }

    /** A receiver that takes {@code delay} to answer each request (a real one does some work). */
    public WebhookReceiver(Duration delay) throws IOException {
        this.delay = delay;
        server = start(0);
        port = server.getAddress().getPort();
    }

    private HttpServer start(int onPort) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        http.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) ->
                        headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
                Request request = new Request(exchange.getRequestURI().getPath(), headers, in.readAllBytes());
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
                received.add(request);
                all.add(request);
                exchange.sendResponseHeaders(status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        http.start();
        return http;
    }

    /** The URL of {@code path} on this receiver. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The status every following request is answered with. */
    public void answer(int httpStatus) {
        this.status = httpStatus;
    }

    /** Stops listening: deliveries meet a refused connection until {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public synchronized void restart() throws IOException {
        if (server == null) {
            server = start(port);
        }
    }

    /** The next request, waiting up to {@code timeout}; null if none came. */
    public Request next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every request received so far, in order of arrival (whether taken or not). */
    public List<Request> received() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** Everything received so far and not yet taken. */
    public List<Request> drain() {
        List<Request> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    @Override
    public void close() {
        stop();
    }
}
