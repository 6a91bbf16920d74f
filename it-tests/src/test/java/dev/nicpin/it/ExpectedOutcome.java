package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the demo app should print for one path: the lab server's answer, so the path's packets
 * left by the link the answer names; or the agent's refusal, so none left at all.
 */
record ExpectedOutcome(Report answer, String refusalStart, String refusalDetail) {
    private static final Pattern FAILED = Pattern.compile("FAILED: (\\S+): (.*)");
    /**
     * The agent throws a plain SocketException, which every path lets through as it is but
     * HttpClient, which rethrows it as a ConnectException (a SocketException) with the same message.
     */
    private static final Set<String> JDK_EXCEPTIONS = Set.of("java.net.SocketException", "java.net.ConnectException");

    static ExpectedOutcome answered(Report answer) {
        return new ExpectedOutcome(answer, null, null);
    }

    /** A SocketException whose message starts with {@code start} and says {@code detail}. */
    static ExpectedOutcome refused(String start, String detail) {
        return new ExpectedOutcome(null, start, detail);
    }

    /** The link the path's packets leave by; empty when none may leave. */
    Optional<String> nic() {
        return Optional.ofNullable(answer).map(Report::nic);
    }

    void check(DemoOutput.Line line) {
        if (answer != null) {
            assertEquals(answer, line.report(), line.text());
            return;
        }
        Matcher failed = FAILED.matcher(line.outcome());
        assertTrue(failed.matches() && failed.group(2).startsWith(refusalStart) && failed.group(2).contains(refusalDetail),
                "expected " + this + ", found: " + line.text());
        assertTrue(JDK_EXCEPTIONS.contains(failed.group(1)), "the application must see a java.net.SocketException,"
                + " never a class of the agent's (README, DESIGN.md section 3), found: " + line.text());
    }

    @Override
    public String toString() {
        return answer != null ? answer.toString()
                : "FAILED: java.net.SocketException: " + refusalStart + "..." + refusalDetail + "...";
    }
}
