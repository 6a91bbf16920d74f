package dev.nicpin.it;

import static dev.nicpin.it.ExpectedOutcome.answered;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenTelemetry Java agent and nicpin in one JVM, whichever {@code -javaagent} comes first,
 * both work: every socket path of the demo app is pinned, by the lab server's answers and its
 * packet counters, and OpenTelemetry traced the demo's HTTP requests, whose client spans its
 * console exporter prints. Neither agent logs a warning or an error.
 *
 * <p>OpenTelemetry exports nothing anywhere: spans go to its console exporter (standard error),
 * metrics and logs to none. The agent's jar is the one the build copies (see the module's pom.xml).
 */
@ExtendWith(LabExtension.class)
class OpenTelemetryAgentTest {
    private static final Path JARS = Path.of(System.getProperty("nicpin.coexist.jars", "target/coexist"))
            .resolve("opentelemetry-javaagent-2.33.1");
    /**
     * The agent as it comes but for its exporters. Its start-up costs about nine seconds of CPU
     * (JDK 17); with the JIT's first tier only, all a JVM that lives seconds profits from, about
     * five, and neither agent does anything differently.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Dotel.traces.exporter=console",
            "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none", "-XX:TieredStopAtLevel=1");
    /** Its start-up takes 3 to 5 seconds on two idle cores; 30 and more on JDK 8 on a loaded machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(150);
    /** How the agent logs: {@code [otel.javaagent DATE] [THREAD] LEVEL LOGGER - MESSAGE}. */
    private static final Pattern OTEL_LINE = Pattern.compile("\\[otel\\.javaagent [^]]+] \\[[^]]+] (\\S+) .*");
    /** A span its console exporter printed: the instrumentation that made it. */
    private static final Pattern CLIENT_SPAN =
            Pattern.compile(".*LoggingSpanExporter - 'GET' : \\S+ \\S+ CLIENT \\[tracer: io\\.opentelemetry\\.([^:]+):.*");

    /** Every configured JDK: the agent supports Java 8 and later. */
    static List<Jdk> jdks() {
        return Jdk.configured();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void bothAgentsWorkWhicheverComesFirst(Jdk jdk, Lab lab) {
        String openTelemetry = "-javaagent:" + agentJar();
        Path rules = RuleFiles.write(Report.text(lab.serviceAddress(IpFamily.V4)) + " dev=nic1");
        String nicpin = AgentJar.option("rules=" + rules);
        JvmRunner openTelemetryFirst = jvm(lab, jdk).jvmArgs(openTelemetry, nicpin);
        JvmRunner nicpinFirst = jvm(lab, jdk).jvmArgs(nicpin, openTelemetry);

        // Side by side: each start-up keeps about one core busy, for 3 to 20 seconds. The counters see
        // the packets of both, which must all leave by nic1: what either sent by nic0 shows all the same.
        CompletableFuture<AgentDemoRun> first = CompletableFuture.supplyAsync(() ->
                AgentDemoRun.run(lab, openTelemetryFirst, IpFamily.V4));
        AgentDemoRun second = AgentDemoRun.run(lab, nicpinFirst, IpFamily.V4);
        AgentDemoRun firstRun = first.join();

        assertAll(() -> assertBothWork(jdk, lab, rules, firstRun), () -> assertBothWork(jdk, lab, rules, second));
    }

    /** With the options every run has: the JDK's, then {@link #JVM_OPTIONS}. */
    private static JvmRunner jvm(Lab lab, Jdk jdk) {
        return lab.clientJvm(jdk).timeout(TIMEOUT).jvmArgs(JVM_OPTIONS.toArray(String[]::new));
    }

    private static void assertBothWork(Jdk jdk, Lab lab, Path rules, AgentDemoRun run) {
        Report viaNic1 = new Report(lab.clientAddress("nic1", IpFamily.V4), "nic1");
        ExpectedPaths.byTransport(jdk, transport -> answered(viaNic1)).assertMetBy(run, IpFamily.V4);
        // java.net.http, which OpenTelemetry instruments apart, came with JDK 11.
        List<String> traced = jdk.feature() >= 11 ? List.of("http-url-connection", "java-http-client")
                : List.of("http-url-connection");
        String url = "url.full=http://" + Report.text(lab.serviceAddress(IpFamily.V4)) + ":" + lab.httpPort() + "/";
        assertEquals(traced, clientSpans(run.process(), url), run::describe);
        SharedStderr.assertNicpinOnlyStarted(run.process(), rules);
        assertAll(run.describe(), SharedStderr.others(run.process()).stream().map(line -> () -> {
            Matcher otel = OTEL_LINE.matcher(line);
            assertTrue(otel.matches() ? otel.group(1).equals("INFO") : line.equals(SharedStderr.CDS_OFF),
                    () -> "neither an info line of OpenTelemetry's nor the JVM's note on its bootstrap jar: " + line);
        }));
    }

    /** The instrumentations whose client spans of a successful GET of {@code url} the console exporter printed, in order. */
    private static List<String> clientSpans(ProcessResult run, String url) {
        List<String> instrumentations = new ArrayList<>();
        for (String line : run.stderrLines()) {
            Matcher span = CLIENT_SPAN.matcher(line);
            if (span.matches() && line.contains(url) && line.contains("http.response.status_code=200")) {
                instrumentations.add(span.group(1));
            }
        }
        return instrumentations;
    }

    /** Skips the test (fails it under CI) if the build did not copy the agent. */
    private static String agentJar() {
        return AppSources.copiedJars(JARS, "the OpenTelemetry test needs the OpenTelemetry Java agent's jar").get(0);
    }
}
