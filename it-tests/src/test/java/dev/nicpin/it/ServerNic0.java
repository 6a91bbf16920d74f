package dev.nicpin.it;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab server's own nic0 address: a destination the server answers on (its datagram
 * sockets cover every address it has) that the client reaches by its default route, nic0, and
 * that the tests' rules leave alone. It is the gateway of the client's default route via nic0.
 */
final class ServerNic0 {
    private static final Pattern GATEWAY = Pattern.compile("^default via (\\S+)", Pattern.MULTILINE);

    private ServerNic0() {
    }

    static InetAddress address(Lab lab, IpFamily family) {
        String routes = Processes.output(List.of("ip", "-n", lab.clientNamespace(), family == IpFamily.V4 ? "-4" : "-6",
                "route", "show", "default", "dev", "nic0"), Duration.ofSeconds(10));
        Matcher gateway = GATEWAY.matcher(routes);
        if (!gateway.find()) {
            throw new IllegalStateException("the client has no default route via nic0: " + routes);
        }
        try {
            return InetAddress.getByName(gateway.group(1));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + gateway.group(1), e);
        }
    }
}
