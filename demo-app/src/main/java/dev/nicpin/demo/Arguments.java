package dev.nicpin.demo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The command line: the far side's hosts, in order, and its port per transport. */
final class Arguments {
    static final String USAGE =
            "usage: java -jar nicpin-demo-app.jar [--tcp-port N] [--udp-port N] [--http-port N] HOST [HOST...]";

    final List<String> hosts = new ArrayList<>();
    final Map<Transport, Integer> ports = new EnumMap<>(Transport.class);

    /** Throws IllegalArgumentException, with a message for the user, on anything it cannot use. */
    Arguments(String... args) {
        ports.put(Transport.TCP, 7000);   // the lab server's ports
        ports.put(Transport.UDP, 7001);
        ports.put(Transport.HTTP, 7080);
        for (int i = 0; i < args.length; i++) {
            if (args[i].matches("--(tcp|udp|http)-port") && i + 1 < args.length) {
                String transport = args[i].substring(2, args[i].length() - "-port".length());
                ports.put(Transport.valueOf(transport.toUpperCase(Locale.ROOT)), port(args[++i]));
            } else if (args[i].startsWith("-")) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            } else {
                hosts.add(resolvable(args[i]));
            }
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no HOST given");
        }
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: " + text);
        }
    }

    private static String resolvable(String host) {
        try {
            InetAddress.getByName(host);
            return host;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + host);
        }
    }
}
