package dev.nicpin.demo;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Talking to the far side along one {@link SocketPath}. A datagram path keeps one socket for
 * the whole conversation, so that several destinations in a row exercise a reused socket;
 * the connection-oriented paths open a fresh connection per exchange.
 */
interface Conversation extends Closeable {

    /** Sends one request or datagram to the destination and returns the line the far side answered. */
    String exchange(InetSocketAddress destination) throws Exception;

    @Override
    default void close() throws IOException {
    }
}
