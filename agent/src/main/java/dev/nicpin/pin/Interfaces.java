package dev.nicpin.pin;

import static dev.nicpin.pin.LinuxSockets.IPPROTO_IP;
import static dev.nicpin.pin.LinuxSockets.IP_UNICAST_IF;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.nio.ch.NicpinSockets;

/**
 * Interface names to indexes, for SO_BINDTOIFINDEX and IP_UNICAST_IF: int-valued options the
 * JDK's own natives set, where SO_BINDTODEVICE would need a native library for its string.
 * Looked up on first use (enumerating interfaces costs up to milliseconds) and cached.
 *
 * <p>The kernel takes SO_BINDTOIFINDEX's index unchecked: once an interface is deleted, and
 * perhaps made again under a new index, a cached index would fail every connect with the
 * kernel's bare "No such device" until a restart. So each use first asks whether the kernel
 * still knows the index, by setting IP_UNICAST_IF to it on a datagram socket of the agent's
 * own (one system call; the kernel refuses an index it does not know), and looks the name up
 * again if not. A renamed interface keeps its index: a reload forgets the cache ({@link #forget}).
 */
final class Interfaces {
    private static final Logger log = LoggerFactory.getLogger(Interfaces.class);
    /** In place of the probe's socket when there is none: the cache is then trusted. */
    private static final FileDescriptor NO_PROBE = new FileDescriptor();

    private final ConcurrentHashMap<String, Integer> indexes = new ConcurrentHashMap<>();
    /** Held so that no cleaner closes its socket; made on first use. */
    private DatagramChannel probeChannel;
    private volatile FileDescriptor probe;
    private boolean probeFailed;

    /** The interface's index, or 0 if this host has no such interface. */
    int index(String name) throws SocketException {
        Integer index = indexes.get(name);
        if (index != null && known(index)) {
            return index;
        }
        NetworkInterface found = NetworkInterface.getByName(name);
        if (found == null) {
            indexes.remove(name);
            return 0;
        }
        indexes.put(name, found.getIndex());
        return found.getIndex();
    }

    /** From now on every name is looked up again. */
    void forget() {
        indexes.clear();
    }

    private boolean known(int index) {
        FileDescriptor socket = probe != null ? probe : makeProbe();
        if (socket == NO_PROBE) {
            return true;
        }
        try {
            NicpinSockets.setIntOption(socket, IPPROTO_IP, IP_UNICAST_IF, Integer.reverseBytes(index));
            return true;
        } catch (SocketException unknown) {
            return false; // EADDRNOTAVAIL: no interface has that index (on any other error, looking it up is safe)
        }
    }

    /** The probe's socket, or {@link #NO_PROBE} this time: a failure (EMFILE, say) is retried at the next use. */
    private synchronized FileDescriptor makeProbe() {
        if (probe == null) {
            try {
                probeChannel = DatagramChannel.open(StandardProtocolFamily.INET);
                probe = NicpinSockets.fd(probeChannel);
            } catch (IOException | RuntimeException e) {
                if (!probeFailed) {
                    probeFailed = true;
                    log.warn("cannot open a socket to check interface indexes ({}); until it can, an interface"
                            + " deleted and made again is not noticed (tried again at each use, said once)", e.toString());
                }
                return NO_PROBE;
            }
        }
        return probe;
    }
}
