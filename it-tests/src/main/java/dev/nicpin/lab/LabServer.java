package dev.nicpin.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The lab's far side: runs in the server namespace and answers every TCP connection, HTTP
 * request and UDP datagram with a {@link Report} of the source address it saw and the
 * interface the packet arrived on.
 *
 * <pre>
 * java --add-opens java.base/sun.nio.ch=ALL-UNNAMED dev.nicpin.lab.LabServer \
 *      --tcp 7000 --udp 7001 --http 7080 nic0 nic1
 * </pre>
 *
 * Once every socket is bound it prints {@value #READY} followed by its ports and interfaces on
 * standard output; it runs until killed.
 */
public final class LabServer {
    public static final String READY = "nicpin-lab-server ready";

    public static void main(String[] args) throws IOException, InterruptedException {
        int tcp = 0;
        int udp = 0;
        int http = 0;
        List<String> nics = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tcp" -> tcp = Integer.parseInt(args[++i]);
                case "--udp" -> udp = Integer.parseInt(args[++i]);
                case "--http" -> http = Integer.parseInt(args[++i]);
                default -> nics.add(args[i]);
            }
        }
        if (tcp == 0 || udp == 0 || http == 0 || nics.isEmpty()) {
            System.err.println("usage: LabServer --tcp PORT --udp PORT --http PORT INTERFACE...");
            System.exit(2);
        }

        // Bind everything before saying ready, so a test never races the server.
        ExecutorService workers = Executors.newCachedThreadPool();
        List<InetAddress> addresses = serviceableAddresses();
        List<Runnable> reporters = new ArrayList<>();
        for (String nic : nics) {
            reporters.add(new TcpReporter(nic, tcp, false, workers));
            reporters.add(new TcpReporter(nic, http, true, workers));
            for (InetAddress address : addresses) {
                reporters.add(new UdpReporter(nic, address, udp));
            }
        }
        reporters.forEach(reporter -> new Thread(reporter).start());

        System.out.println(READY + " tcp=" + tcp + " udp=" + udp + " http=" + http
                + " interfaces=" + String.join(",", nics)
                + " udp-addresses=" + addresses.stream().map(Report::text).collect(Collectors.joining(",")));
        Thread.currentThread().join();
    }

    /** Every address of this namespace a client could send to: not loopback, not link-local. */
    private static List<InetAddress> serviceableAddresses() throws IOException {
        return NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .sorted((a, b) -> Report.text(a).compareTo(Report.text(b)))
                .collect(Collectors.toList());
    }
}
