// A webhook receiver that checks every delivery's Standard Webhooks signature before it trusts the event.
// Run: java examples/WebhookReceiver.java 9000 whsec_...   (the secret POST /webhooks answered with)
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class WebhookReceiver {
    public static void main(String[] args) throws Exception {
        byte[] key = Base64.getDecoder().decode(args[1].substring("whsec_".length()));
        HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(args[0])), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean fresh = timestamp != null && Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 300;
            boolean valid = fresh && signature != null && MessageDigest.isEqual(sign(key, id + "." + timestamp + "." 
                    + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8),
                    signature.getBytes(StandardCharsets.UTF_8));
            if (valid) {
                // at least once: the same webhook-id may come again after a crash; handle each id once
                System.out.println("event " + id + ": " + new String(body, StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(valid ? 204 : 400, -1); // anything but 2xx is retried
            exchange.close();
        });
        server.start();
    }

    static String sign(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
