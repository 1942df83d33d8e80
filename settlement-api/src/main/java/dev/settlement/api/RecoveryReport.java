package dev.settlement.api;

/** What one recovery run did: stuck settlements it looked at, and how many of them it moved to TIMED_OUT. */
public record RecoveryReport(int examined, int timedOut) {
}
