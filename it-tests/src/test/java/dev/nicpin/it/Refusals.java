package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks an outcome {@code FAILED: EXCEPTION-CLASS: MESSAGE}, the demo app's or a test app's, for nicpin's refusal. */
final class Refusals {
    private static final Pattern FAILED = Pattern.compile("FAILED: (\\S+): (.*)");
    /** HttpClient rethrows the SocketException of a failed connect as a ConnectException with the same message. */
    private static final Set<String> JDK_EXCEPTIONS = Set.of("java.net.SocketException", "java.net.ConnectException");

    private Refusals() {
    }

    /** The application saw a plain java.net exception whose message starts with {@code messageStart}. */
    static void assertRefused(String outcome, String messageStart, Supplier<String> context) {
        Matcher failed = FAILED.matcher(outcome);
        assertTrue(failed.matches() && failed.group(2).startsWith(messageStart),
                () -> "expected a SocketException '" + messageStart + "...', found: " + outcome + "\n" + context.get());
        assertTrue(JDK_EXCEPTIONS.contains(failed.group(1)), () -> "the application must see a java.net.SocketException,"
                + " never a class of nicpin's own loader (README, DESIGN.md section 3), found: " + outcome);
    }
}
