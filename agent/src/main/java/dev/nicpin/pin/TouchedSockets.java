package dev.nicpin.pin;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The file descriptors on which nicpin has set an option, so that a socket that is reused
 * (a datagram socket connected anew, or sending to another destination) gets options from an
 * earlier rule cleared, while an untouched socket costs no system call at all.
 *
 * <p>A closed socket's number stays marked until it is reused; then the new socket is merely
 * read and found clean. Numbers beyond the table count as touched, which costs only reads.
 * Callers pass open sockets only, so numbers are never negative.
 */
final class TouchedSockets {
    private static final int CAPACITY = 1 << 17;
    private final AtomicLongArray bits = new AtomicLongArray(CAPACITY / 64);

    boolean contains(int fd) {
        return fd >= CAPACITY || (bits.get(fd >>> 6) & (1L << fd)) != 0;
    }

    void add(int fd) {
        if (fd < CAPACITY) {
            long mask = 1L << fd;
            long word;
            do {
                word = bits.get(fd >>> 6);
            } while ((word & mask) == 0 && !bits.compareAndSet(fd >>> 6, word, word | mask));
        }
    }

    void remove(int fd) {
        if (fd < CAPACITY) {
            long mask = 1L << fd;
            long word;
            do {
                word = bits.get(fd >>> 6);
            } while ((word & mask) != 0 && !bits.compareAndSet(fd >>> 6, word, word & ~mask));
        }
    }
}
