package dev.nicpin.it;

import dev.nicpin.lab.Report;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Which destinations the rule file of a pinning-matrix case gives the action, relative to the service. */
enum RuleScope {
    /** The service's address, on line 1. */
    SERVICE("a rule for the service"),
    /** Only the address next to the service's: a rule that must not match it. */
    OTHER_DESTINATION("a rule for another destination"),
    /** Every address, but the service's is carved out with {@code direct}. */
    CARVED_OUT("a broad rule, the service carved out with direct");

    private final String description;

    RuleScope(String description) {
        this.description = description;
    }

    /** Whether the action applies to the service at all. */
    boolean pinsService() {
        return this == SERVICE;
    }

    List<String> ruleLines(InetAddress service, String action) {
        String address = Report.text(service);
        return switch (this) {
            case SERVICE -> List.of(address + " " + action);
            case OTHER_DESTINATION -> List.of(Report.text(next(service)) + " " + action);
            case CARVED_OUT -> List.of((service instanceof Inet4Address ? "0.0.0.0/0 " : "::/0 ") + action,
                    address + " direct");
        };
    }

    private static InetAddress next(InetAddress address) {
        byte[] bytes = address.getAddress();
        bytes[bytes.length - 1]++;
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
