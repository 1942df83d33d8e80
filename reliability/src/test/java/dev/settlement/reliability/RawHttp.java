package dev.settlement.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: any method, an unvalidated request
 * target, repeated or malformed headers, a declared length that differs from what is sent, chunked bodies. One
 * request per connection ({@code Connection: close}); the answer is read until the server closes.
 */
final class RawHttp {
    private static final int MAX_RESPONSE = 4 << 20;

    /**
     * A parsed answer; header names lower-case (first value wins). {@code status} is -1 if none arrived;
     * {@code millis} is the time from sending to the first byte of the answer.
     */
    record Response(int status, Map<String, String> headers, String body, long millis) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    /** How to send the body: with its real length, chunked, or declaring {@code declaredLength} and sending it. */
    record Body(byte[] bytes, boolean chunked, Long declaredLength) {
        static Body none() {
            return new Body(null, false, null);
        }

        static Body of(String text) {
            return new Body(text.getBytes(StandardCharsets.UTF_8), false, null);
        }
    }

    private final int port;
    private final int timeoutMillis;

    RawHttp(int port, int timeoutMillis) {
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** Sends one request; headers are sent exactly as given (name, value pairs), after Host and Connection. */
    Response send(String method, String target, List<String[]> headers, Body body) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(timeoutMillis);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
            for (String[] header : headers) {
                head.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
            if (body.bytes() != null) {
                if (body.chunked()) {
                    head.append("Transfer-Encoding: chunked\r\n");
                } else {
                    long length = body.declaredLength() != null ? body.declaredLength() : body.bytes().length;
                    head.append("Content-Length: ").append(length).append("\r\n");
                }
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                if (body.bytes() != null) {
                    if (body.chunked()) {
                        writeChunked(out, body.bytes());
                    } else {
                        out.write(body.bytes());
                    }
                }
                out.flush();
            } catch (IOException refusedWhileSending) {
                // the server may answer and close before reading everything (413): read what it said
            }
            long[] firstByte = {-1};
            byte[] answer = readAnswer(socket.getInputStream(), method.equals("HEAD"), () ->
                    firstByte[0] = (System.nanoTime() - start) / 1_000_000);
            return parse(answer, firstByte[0]);
        }
    }

    private static void writeChunked(OutputStream out, byte[] bytes) throws IOException {
        for (int offset = 0; offset < bytes.length; offset += 8192) {
            int length = Math.min(8192, bytes.length - offset);
            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, offset, length);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads one answer: until its declared length or last chunk has arrived, or else until the server closes (or
     * stays silent for the socket timeout after it said something).
     */
    private static byte[] readAnswer(InputStream in, boolean head, Runnable onFirstByte) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        try {
            for (int n = in.read(buffer); n >= 0 && all.size() < MAX_RESPONSE; n = in.read(buffer)) {
                if (all.size() == 0) {
                    onFirstByte.run();
                }
                all.write(buffer, 0, n);
                if (isComplete(all.toByteArray(), head)) {
                    break;
                }
            }
        } catch (IOException e) {
            if (all.size() == 0) {
                throw e;
            }
            // reset or silent after a partial answer: parse what arrived
        }
        return all.toByteArray();
    }

    private static boolean isComplete(byte[] raw, boolean head) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String headers = text.substring(0, end).toLowerCase(Locale.ROOT);
        if (head) {
            return true;
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length:\\s*(\\d+)").matcher(headers);
        if (length.find()) {
            return raw.length - end - 4 >= Long.parseLong(length.group(1));
        }
        return headers.contains("transfer-encoding: chunked") && text.endsWith("0\r\n\r\n");
    }

    private static Response parse(byte[] raw, long millis) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            return new Response(-1, Map.of(), text, millis);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] bodyBytes = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            bodyBytes = dechunk(bodyBytes);
        }
        return new Response(status, headers, new String(bodyBytes, StandardCharsets.UTF_8), millis);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            body.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
