package dev.nicpin.it;

import dev.nicpin.lab.Report;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The demo app's output (format in {@code dev.nicpin.demo.Main}), one {@link Line} per path and destination. */
public final class DemoOutput {
    /** Every path the demo app documents, in its order, with its transport. */
    public static final Map<String, String> PATHS = paths(
            "socket-connect tcp", "socket-connect-timeout tcp", "channel-adaptor-connect tcp",
            "channel-connect-blocking tcp", "channel-connect-nonblocking tcp", "async-channel-connect tcp",
            "datagram-socket-connected udp", "datagram-socket-send udp", "multicast-socket-send udp",
            "multicast-socket-send-ttl udp", "datagram-channel-connected udp", "datagram-channel-send udp",
            "http-url-connection http", "http-client http");

    private static final Pattern LINE = Pattern.compile("(\\S+) +(tcp|udp|http) +(\\S+) +(.+)");

    /** One line: which path, to where, and what came of it. */
    public record Line(String path, String transport, String destination, String outcome, String text) {

        /** What the lab server reported; fails, quoting the line, when the outcome is not a report. */
        public Report report() {
            try {
                return Report.parse(outcome);
            } catch (IllegalArgumentException e) {
                throw new AssertionError("no report from the far side: " + text, e);
            }
        }
    }

    private DemoOutput() {
    }

    /** The lines of the output, without commentary; throws on a line in no known format. */
    public static List<Line> parse(String stdout) {
        return stdout.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> {
                    Matcher m = LINE.matcher(line);
                    if (!m.matches()) {
                        throw new AssertionError("not a demo app line: '" + line + "'");
                    }
                    return new Line(m.group(1), m.group(2), m.group(3), m.group(4), line);
                })
                .toList();
    }

    /**
     * What the demo app prints for a path the JDK does not have, {@code skipped: WHY}: only
     * http-client (java.net.http) before JDK 11. Empty for a path the JDK has, which must run.
     */
    public static Optional<String> skipped(String path, Jdk jdk) {
        return path.equals("http-client") && jdk.feature() < 11
                ? Optional.of("skipped: needs JDK 11+") : Optional.empty();
    }

    /** The IP protocol of a transport the demo app names: HTTP runs over TCP. */
    public static String protocol(String transport) {
        return transport.equals("http") ? "tcp" : transport;
    }

    /** {@code host:port}, an IPv6 literal in brackets, as the demo app prints a destination. */
    public static String destination(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static Map<String, String> paths(String... pathAndTransport) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (String entry : pathAndTransport) {
            String[] pair = entry.split(" ");
            paths.put(pair[0], pair[1]);
        }
        return Collections.unmodifiableMap(paths);
    }
}
