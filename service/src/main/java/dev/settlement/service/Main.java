package dev.settlement.service;

import dev.settlement.service.migrate.MigrateArguments;
import dev.settlement.service.migrate.MigrateCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * The jar's entry point: with no argument (or any but {@code migrate}) the service, as always; with {@code migrate …}
 * the migration command ({@link MigrateCommand}), which runs once and exits with its code.
 */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        if (args.length == 0 || !args[0].equals(MigrateArguments.COMMAND)) {
            Quarkus.run(args);
            return;
        }
        MigrateArguments migrate;
        try {
            migrate = MigrateArguments.parse(Arrays.asList(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println("migrate: " + e.getMessage() + " (" + MigrateArguments.USAGE + ")");
            System.exit(MigrateCommand.EXIT_USAGE);
            return;
        }
        MigrateCommand.configureProcess(migrate);
        Quarkus.run(MigrateCommand.class, args);
    }
}
