package dev.settlement.service.console;

import dev.settlement.service.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(Profiles.Postgres.class)
class PostgresConsoleTest extends OpenConsoleBrowserContract {}
