package dev.nicpin.demo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The command line: the far side's hosts, in order, its port per transport, and whether to repeat. */
final class Arguments {
    static final String USAGE = "usage: java -jar nicpin-demo-app.jar [--tcp-port N] [--udp-port N] [--http-port N]"
            + " [--repeat MILLIS] HOST [HOST...]";

    final List<String> hosts = new ArrayList<>();
    final Map<Transport, Integer> ports = new EnumMap<>(Transport.class);
    /** The pause between rounds, or -1 without {@code --repeat}: one round only. */
    final long repeatMillis;

    /** Throws IllegalArgumentException, with a message for the user, on anything it cannot use. */
    Arguments(String... args) {
        ports.put(Transport.TCP, 7000);   // the lab server's ports
        ports.put(Transport.UDP, 7001);
        ports.put(Transport.HTTP, 7080);
        long repeat = -1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].matches("--(tcp|udp|http)-port") && i + 1 < args.length) {
                String transport = args[i].substring(2, args[i].length() - "-port".length());
                ports.put(Transport.valueOf(transport.toUpperCase(Locale.ROOT)), port(args[++i]));
            } else if (args[i].equals("--repeat") && i + 1 < args.length) {
                repeat = millis(args[++i]);
            } else if (args[i].startsWith("-")) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            } else {
                hosts.add(resolvable(args[i]));
            }
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no HOST given");
        }
        repeatMillis = repeat;
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: " + text);
        }
    }

    private static long millis(String text) {
        if (!text.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("not a number of milliseconds: " + text);
        }
        return Long.parseLong(text);
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
