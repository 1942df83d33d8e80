package dev.settlement.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The bench app. {@code run [--full] [backend…]} and {@code report [results.json]} are what bench/run.sh calls;
 * {@code store} and {@code query} are the per-backend children the orchestrator starts with the backend's profile.
 */
@QuarkusMain
public class BenchApp implements QuarkusApplication {

    @Override
    public int run(String... args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: run [--full] [backend…] | report [results.json]");
            return 2;
        }
        List<String> rest = List.of(args).subList(1, args.length);
        return switch (args[0]) {
            case "run" -> new Orchestrator().run(rest);
            case "report" -> new Orchestrator().report(rest);
            case "feed-cost" -> new Orchestrator().feedCost(rest);
            case "console" -> new Orchestrator().console(rest);
            case "webhooks" -> write(rest.get(1), WebhookBench.run(rest.get(0), 200, 3));
            case "store" -> write(rest.get(1), StoreBench.run(rest.get(0), Mode.valueOf(rest.get(2)).store));
            case "query" -> {
                Mode mode = Mode.valueOf(rest.get(2));
                yield write(rest.get(1), QueryScaling.run(rest.get(0), mode.sizes, mode.queryRepetitions));
            }
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        };
    }

    private static int write(String file, Map<String, Object> result) throws Exception {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of(file).toFile(), result);
        return 0;
    }
}
