package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the demo app should print for one path: the lab server's answer, so the path's packets
 * left by the link the answer names; or the agent's refusal, so none left at all; or, for a path
 * the JDK does not have, its skip line, and no packets either.
 */
record ExpectedOutcome(Report answer, String refusalStart, String refusalDetail, String skip) {
    private static final Pattern FAILED = Pattern.compile("FAILED: (\\S+): (.*)");
    /**
     * The agent throws a plain SocketException, which every path lets through as it is but
     * HttpClient, which rethrows it as a ConnectException (a SocketException) with the same message.
     */
    private static final Set<String> JDK_EXCEPTIONS = Set.of("java.net.SocketException", "java.net.ConnectException");

    static ExpectedOutcome answered(Report answer) {
        return new ExpectedOutcome(answer, null, null, null);
    }

    /** A SocketException whose message starts with {@code start} and says {@code detail}. */
    static ExpectedOutcome refused(String start, String detail) {
        return new ExpectedOutcome(null, start, detail, null);
    }

    /** {@code expected}, unless {@code jdk} does not have the path: then its skip line ({@link DemoOutput#skipped}). */
    static ExpectedOutcome onJdk(Jdk jdk, String path, ExpectedOutcome expected) {
        return DemoOutput.skipped(path, jdk).map(skip -> new ExpectedOutcome(null, null, null, skip)).orElse(expected);
    }

    /** The link the path's packets leave by; empty when none may leave. */
    Optional<String> nic() {
        return Optional.ofNullable(answer).map(Report::nic);
    }

    /** Whether the agent must refuse the path, which makes the demo app exit 1. */
    boolean refusal() {
        return refusalStart != null;
    }

    void check(DemoOutput.Line line) {
        check(line, () -> "");
    }

    /** @param context more to say when the line is not as expected, after the line itself */
    void check(DemoOutput.Line line, Supplier<String> context) {
        Supplier<String> message = () -> context.get().isEmpty() ? line.text() : line.text() + "\n" + context.get();
        if (skip != null) {
            assertEquals(skip, line.outcome(), message);
            return;
        }
        if (answer != null) {
            assertEquals(answer, line.report(), message);
            return;
        }
        Matcher failed = FAILED.matcher(line.outcome());
        assertTrue(failed.matches() && failed.group(2).startsWith(refusalStart) && failed.group(2).contains(refusalDetail),
                () -> "expected " + this + ", found: " + message.get());
        assertTrue(JDK_EXCEPTIONS.contains(failed.group(1)), () -> "the application must see a java.net.SocketException,"
                + " never a class of the agent's (README, DESIGN.md section 3), found: " + message.get());
    }

    @Override
    public String toString() {
        return skip != null ? skip : answer != null ? answer.toString()
                : "FAILED: java.net.SocketException: " + refusalStart + "..." + refusalDetail + "...";
    }
}
