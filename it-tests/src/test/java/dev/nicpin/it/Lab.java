package dev.nicpin.it;

import dev.nicpin.lab.LabServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One network-namespace lab (see {@code lab/lab.sh} for the layout), brought up by the
 * script and always torn down: by {@link #close()}, or by a shutdown hook if the test JVM
 * exits first, or else by the next run's sweep, which removes labs whose owner is gone.
 */
public final class Lab implements AutoCloseable {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> facts;
    private final Thread teardownAtExit = new Thread(this::tearDown, "nicpin-lab-teardown");
    private final LabServerProcess server;
    private final PacketCounters counters;

    private Lab(Map<String, String> facts) {
        this.facts = facts;
        this.server = new LabServerProcess(facts.get("LAB"));
        this.counters = new PacketCounters(facts.get("LAB"));
        Runtime.getRuntime().addShutdownHook(teardownAtExit);
    }

    /** Creates a new lab, owned by this JVM. */
    public static Lab up() {
        String output = Processes.output(List.of(Build.labScript().toString(), "up"), SCRIPT_TIMEOUT);
        Map<String, String> facts = output.lines()
                .filter(line -> line.contains("="))
                .map(line -> line.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
        return new Lab(facts);
    }

    public String name() {
        return fact("LAB");
    }

    public String clientNamespace() {
        return fact("CLIENT_NS");
    }

    public String serverNamespace() {
        return fact("SERVER_NS");
    }

    /** The client's own address on {@code nic0} or {@code nic1}. */
    public InetAddress clientAddress(String nic, IpFamily family) {
        return address("CLIENT_" + nic.toUpperCase(Locale.ROOT) + "_" + family);
    }

    /** The address the server answers on behind both links (on its loopback). */
    public InetAddress serviceAddress(IpFamily family) {
        return address("SERVICE_" + family);
    }

    public int tcpPort() {
        return Integer.parseInt(fact("TCP_PORT"));
    }

    public int udpPort() {
        return Integer.parseInt(fact("UDP_PORT"));
    }

    public int httpPort() {
        return Integer.parseInt(fact("HTTP_PORT"));
    }

    /** Starts the {@link LabServer} in the server namespace, on the test's JDK; returns once it listens. */
    public void startServer() {
        server.start();
    }

    /** The running server's process. */
    public ProcessHandle serverProcess() {
        return server.handle();
    }

    /** Runs a command in the client namespace ({@code ip link set nic1 down}, say) and waits for it. */
    public void inClient(String... command) {
        List<String> inNamespace = new ArrayList<>(List.of("ip", "netns", "exec", clientNamespace()));
        inNamespace.addAll(List.of(command));
        Processes.output(inNamespace, SCRIPT_TIMEOUT);
    }

    /**
     * Deletes the link {@code nic} ({@code nic0} or {@code nic1}) if it is there and makes it
     * again, as {@code lab.sh up} did: a NIC that comes back under a new ifindex. The server
     * starts again, since its sockets were bound to the old interface.
     */
    public void relink(String nic) {
        Processes.output(List.of(Build.labScript().toString(), "relink", name(), nic), SCRIPT_TIMEOUT);
        server.stop();
        server.start();
    }

    /** The client's counters of packets to the service, by the link they left by. */
    public PacketCounters counters() {
        return counters;
    }

    /**
     * A JVM of {@code jdk} to run in the client namespace, with the JDK's own options (its
     * variant's); skips the test, or fails it under CI, if the JDK is not there.
     */
    public JvmRunner clientJvm(Jdk jdk) {
        return new JvmRunner(clientNamespace(), jdk.requireInstalled())
                .jvmArgs(jdk.jvmOptions().toArray(String[]::new));
    }

    /** A JVM to run in the client namespace from any Java home, such as the build's ({@link Build#testJavaHome}). */
    public JvmRunner clientJvm(Path javaHome) {
        return new JvmRunner(clientNamespace(), javaHome);
    }

    @Override
    public void close() {
        tearDown();
        try {
            Runtime.getRuntime().removeShutdownHook(teardownAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left to undo
        }
    }

    private void tearDown() {
        server.stop();
        Processes.output(List.of(Build.labScript().toString(), "down", name()), SCRIPT_TIMEOUT);
    }

    private InetAddress address(String key) {
        try {
            return InetAddress.getByName(fact(key));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("lab fact " + key + " is not an address", e);
        }
    }

    private String fact(String key) {
        String value = facts.get(key);
        if (value == null) {
            throw new IllegalStateException("lab.sh up did not say " + key + ": " + facts);
        }
        return value;
    }
}
