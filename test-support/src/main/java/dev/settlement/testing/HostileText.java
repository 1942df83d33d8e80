package dev.settlement.testing;

import java.util.List;

/**
 * Text that breaks out of HTML, attributes, scripts, URLs and SQL when something forgets to escape it. The reliability
 * module's hostile requests send it in every text field; the console's browser tests render it and check it shows as
 * the same text and runs nothing. Every script here would set {@code window.__pwned}.
 */
public final class HostileText {
    /** Without whitespace: valid as a solver id, user address or transaction hash (printable ASCII). */
    public static final List<String> TOKENS = List.of(
            "<script>window.__pwned=1</script>",
            "\"><img/src=x/onerror=window.__pwned=1>",
            "'><svg/onload=window.__pwned=1>",
            "javascript:window.__pwned=1",
            "{{7*7}}${7*7}<%=7*7%>",
            "';DROP/**/TABLE/**/settlements;--",
            "&lt;b&gt;&amp;amp;",
            "%3Cscript%3Ewindow.__pwned=1%3C/script%3E");

    /** Free text (a failure reason, details): any characters. */
    public static final List<String> TEXT = List.of(
            "<script>window.__pwned=1</script> closed",
            "<img src=x onerror=\"window.__pwned=1\"> and \"quotes\" & 'apostrophes'",
            "</textarea></title><script>window.__pwned=1</script>",
            "line one\nline two\t\u202eright-to-left caf\u00e9 \ud83d\udca9");

    private HostileText() {
    }
}
