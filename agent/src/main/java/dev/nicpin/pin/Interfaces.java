package dev.nicpin.pin;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interface names to indexes, for SO_BINDTOIFINDEX and IP_UNICAST_IF: int-valued options the
 * JDK's own natives set, where SO_BINDTODEVICE would need a native library for its string.
 * Looked up on first use (enumerating interfaces costs milliseconds) and cached.
 */
final class Interfaces {
    private final ConcurrentHashMap<String, Integer> indexes = new ConcurrentHashMap<>();

    /** The interface's index, or 0 if this host has no such interface. */
    int index(String name) throws SocketException {
        Integer index = indexes.get(name);
        if (index == null) {
            NetworkInterface found = NetworkInterface.getByName(name);
            if (found == null) {
                return 0;
            }
            index = found.getIndex();
            indexes.put(name, index);
        }
        return index;
    }
}
