package dev.settlement.testing;

/** Where and as whom to connect to a PostgreSQL database. The password may be empty (trust authentication). */
public record JdbcTarget(String url, String username, String password) {
}
