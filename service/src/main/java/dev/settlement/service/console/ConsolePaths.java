package dev.settlement.service.console;

/** Where the console lives; its cookies are limited to this path, so the API never receives them. */
public final class ConsolePaths {
    public static final String ROOT = "/console";
    public static final String LOGIN = ROOT + "/login";

    private ConsolePaths() {
    }

    public static boolean isConsole(String path) {
        return path != null && (path.equals(ROOT) || path.startsWith(ROOT + "/"));
    }
}
