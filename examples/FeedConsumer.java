// Follows the change feed with long polls and keeps its position in a file, so a restart goes on where it stopped.
// Run: java examples/FeedConsumer.java http://localhost:8080 position.txt
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class FeedConsumer {
    private static final Pattern NEXT_AFTER = Pattern.compile("\"nextAfter\":(\\d+)");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path position = Path.of(args[1]);
        long after = Files.exists(position) ? Long.parseLong(Files.readString(position).trim()) : 0;
        HttpClient http = HttpClient.newHttpClient();
        while (true) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(
                    base + "/events?wait=30&limit=100&after=" + after)).build(), HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() == 410) {
                // retention removed events this consumer never saw: resynchronise from GET /settlements, then go on
                // from the sequence the problem's detail names
                System.err.println("behind the feed's retention: " + page.body());
                return;
            }
            if (page.statusCode() != 200) {
                System.err.println("HTTP " + page.statusCode() + ", trying again: " + page.body());
                Thread.sleep(1000);
                continue;
            }
            System.out.println(page.body()); // handle the items here; each event once, by its sequence
            Matcher next = NEXT_AFTER.matcher(page.body());
            next.find();
            after = Long.parseLong(next.group(1));
            Files.writeString(position, Long.toString(after)); // only after the items were handled: at least once
        }
    }
}
