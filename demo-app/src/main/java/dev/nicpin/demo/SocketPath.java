package dev.nicpin.demo;

/** One way the JDK lets a program open a connection or send a datagram. */
final class SocketPath {

    /** Starts a conversation; throws {@link Skipped} when the running JDK lacks the path. */
    interface Opener {
        Conversation open() throws Exception;
    }

    /** The path does not exist on the running JDK; the message says why. */
    static final class Skipped extends Exception {
        Skipped(String why) {
            super(why);
        }
    }

    final String name;
    final Transport transport;
    final Opener opener;

    /**
     * @param opener for a path that needs no state between exchanges, simply
     *               {@code () -> SomePaths::exchange}
     */
    SocketPath(String name, Transport transport, Opener opener) {
        this.name = name;
        this.transport = transport;
        this.opener = opener;
    }
}
