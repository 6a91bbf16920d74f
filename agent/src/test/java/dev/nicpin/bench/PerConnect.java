package dev.nicpin.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs every {@link PerConnectBenchmark} in JVMs without the agent and JVMs with it, alternating
 * which goes first from round to round so that a change in the machine's load falls on both, and
 * prints one table: time per operation (mean of every measured iteration, JMH's 99.9 % error) and
 * bytes allocated per operation ({@code -prof gc}). The JVMs with the agent also run
 * {@link HookBenchmark}, the hooks' own cost, which has no counterpart without the agent.
 *
 * <p>Each JVM runs JMH in itself ({@code forks(0)}), all benchmarks one after the other: the agent
 * sees matched and unmatched destinations in the same JVM, as in an application, where JMH's own
 * forks would give each destination a JVM of its own.
 *
 * <p>Arguments: rounds (default 4), the agent jar (default {@code agent/target/nicpin-agent.jar}).
 * {@code bench/per-connect.sh} runs it on any JDK from 8 on.
 * The JVMs are the one running this class, with its class path, which must not hold the agent's
 * classes ({@code agent/target/classes}): the JVM would take the launcher from there rather than
 * from the jar.
 */
public final class PerConnect {
    static final String RULES = "# PerConnectBenchmark, HookBenchmark: loopback is matched only by a rule that names it\n"
            + "127.0.0.2/32     mark=0x10\n"
            + "127.0.0.3/32     dev=lo\n"
            + "10.20.0.0/16     dev=eth1\n"
            + "10.20.5.0/24     direct\n"
            + "2001:db8:1::/48  dev=eth2\n";
    private static final String IN_THIS_JVM = "--in-this-jvm";
    private static final String RESULT = "@@";

    private PerConnect() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(IN_THIS_JVM)) {
            runInThisJvm();
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        Path jar = Paths.get(args.length > 1 ? args[1] : "agent/target/nicpin-agent.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " is missing: ./mvnw -q -B -pl agent package -DskipTests");
        }
        if (PerConnect.class.getClassLoader().getResource("dev/nicpin/launcher/Launcher.class") != null) {
            throw new IllegalStateException("leave agent/target/classes off the class path: the agent must come from its jar");
        }
        Path rules = Files.createTempFile("nicpin-bench", ".rules");
        rules.toFile().deleteOnExit();
        Files.write(rules, RULES.getBytes(StandardCharsets.UTF_8));
        List<String> bare = Arrays.asList("-D" + PerConnectBenchmark.VARIANT + "=bare");
        List<String> agent = Arrays.asList("-D" + PerConnectBenchmark.VARIANT + "=agent",
                "-javaagent:" + jar + "=rules=" + rules);

        Map<String, Samples> without = new LinkedHashMap<>();
        Map<String, Samples> with = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            boolean bareFirst = round % 2 == 1;
            System.err.printf("round %d of %d%n", round, rounds);
            runJvm(bareFirst ? bare : agent, bareFirst ? without : with);
            runJvm(bareFirst ? agent : bare, bareFirst ? with : without);
        }

        System.out.printf("%nJDK %s (%s), %d JVMs with and %d without the agent, %d processors%n%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), rounds, rounds,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| benchmark | without agent, µs/op | with agent, µs/op | difference, µs | allocated without, B/op | allocated with, B/op |");
        System.out.println("|---|---|---|---|---|---|");
        for (String name : without.keySet()) {
            ListStatistics bareTime = without.get(name).time;
            ListStatistics agentTime = with.get(name).time;
            double error = Math.hypot(bareTime.getMeanErrorAt(0.999), agentTime.getMeanErrorAt(0.999));
            System.out.printf("| `%s` | %.2f ± %.2f | %.2f ± %.2f | %+.2f ± %.2f | %.1f | %.1f |%n", name,
                    bareTime.getMean(), bareTime.getMeanErrorAt(0.999), agentTime.getMean(),
                    agentTime.getMeanErrorAt(0.999), agentTime.getMean() - bareTime.getMean(), error,
                    bytes(without.get(name).allocated), bytes(with.get(name).allocated));
        }
        System.out.printf("%n| benchmark | with agent, ns/op | allocated, B/op |%n|---|---|---|%n");
        for (String name : with.keySet()) {
            if (!without.containsKey(name)) {
                ListStatistics time = with.get(name).time;
                System.out.printf("| `%s` | %.1f ± %.1f | %.1f |%n", name, time.getMean(), time.getMeanErrorAt(0.999),
                        bytes(with.get(name).allocated));
            }
        }
    }

    /** Starts a JVM with {@code jvmArgs} that runs every benchmark, and adds its iterations to {@code samples}. */
    private static void runJvm(List<String> jvmArgs, Map<String, Samples> samples) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        if (!System.getProperty("java.specification.version").startsWith("1.")) {
            command.add("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"); // HookBenchmark calls the bridge
        }
        command.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), PerConnect.class.getName(), IN_THIS_JVM));
        Process jvm = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (!line.startsWith(RESULT)) {
                    System.out.println(line);
                    continue;
                }
                // @@ name time time ... / allocated allocated ...
                String[] fields = line.substring(RESULT.length()).trim().split(" ");
                Samples into = samples.computeIfAbsent(fields[0], n -> new Samples());
                ListStatistics column = into.time;
                for (int i = 1; i < fields.length; i++) {
                    if (fields[i].equals("/")) {
                        column = into.allocated;
                    } else {
                        column.addValue(Double.parseDouble(fields[i]));
                    }
                }
            }
        }
        if (jvm.waitFor() != 0) {
            throw new IllegalStateException("the benchmark JVM failed: " + String.join(" ", command));
        }
    }

    private static void runInThisJvm() throws Exception {
        System.err.println("JVM " + (System.getProperty(PerConnectBenchmark.VARIANT)) + ": "
                + (new File(System.getProperty("java.home")).getName()));
        OptionsBuilder options = new OptionsBuilder();
        options.include(PerConnectBenchmark.class.getName()).forks(0).addProfiler(GCProfiler.class)
                .verbosity(VerboseMode.SILENT).shouldFailOnError(true);
        if ("agent".equals(System.getProperty(PerConnectBenchmark.VARIANT))) {
            options.include(HookBenchmark.class.getName());
        }
        for (RunResult run : new Runner(options.build()).run()) {
            String benchmark = run.getParams().getBenchmark();
            String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            StringBuilder times = new StringBuilder(RESULT + " " + name);
            StringBuilder allocated = new StringBuilder(" /");
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    times.append(' ').append(iteration.getPrimaryResult().getScore());
                    // JMH leaves the figure out when it saw no allocation at all (a datagram send; rarely, a glitch).
                    Result<?> norm = iteration.getSecondaryResults().get("gc.alloc.rate.norm");
                    if (norm != null) {
                        allocated.append(' ').append(norm.getScore());
                    }
                }
            }
            System.out.println(times.append(allocated));
            System.err.printf("  %s: %.2f %s%n", name, run.getPrimaryResult().getScore(), run.getPrimaryResult().getScoreUnit());
        }
    }

    /** Mean bytes per operation over the iterations that reported it; 0 if none did. */
    private static double bytes(ListStatistics allocated) {
        return allocated.getN() == 0 ? 0 : allocated.getMean();
    }

    /** Every measured iteration of one benchmark in one variant, pooled over the rounds as JMH pools forks. */
    private static final class Samples {
        final ListStatistics time = new ListStatistics();
        final ListStatistics allocated = new ListStatistics();
    }
}
