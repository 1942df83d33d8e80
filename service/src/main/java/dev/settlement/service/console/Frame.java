package dev.settlement.service.console;

/**
 * What every console page shows around its content: which tab is open, who is signed in and what they may do, the
 * request token its actions send back ({@link ConsoleGuard}), and where it listens for changes.
 *
 * @param signedIn the token's subject; null with authentication off
 * @param operator whether the page offers actions
 * @param onlySolver the solver the caller is limited to, or null
 * @param live the console's event stream for this page (with a settlement filter on a settlement's page)
 */
public record Frame(String title, String tab, String backend, String signedIn, boolean authEnabled, boolean operator,
                    String onlySolver, String csrfToken, String live) {
}
