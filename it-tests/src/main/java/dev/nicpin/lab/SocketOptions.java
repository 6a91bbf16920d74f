package dev.nicpin.lab;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.channels.NetworkChannel;

/**
 * Sets the Linux socket options the JDK has no API for, through the JDK's own native
 * {@code setsockopt} ({@code sun.nio.ch.Net.setIntOption0}), so the lab needs no native
 * library. The JVM must run with {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}.
 */
public final class SocketOptions {
    private static final int SOL_SOCKET = 1;
    private static final int SO_MARK = 36;
    private static final int SO_BINDTOIFINDEX = 62;

    private SocketOptions() {
    }

    /** Binds the socket to an interface (SO_BINDTOIFINDEX, Linux 5.1+); call it before bind or connect. */
    public static void bindToInterface(NetworkChannel channel, String nic) throws IOException {
        NetworkInterface device = NetworkInterface.getByName(nic);
        if (device == null) {
            throw new SocketException("no interface " + nic + " in this network namespace");
        }
        setInt(channel, SO_BINDTOIFINDEX, device.getIndex());
    }

    /** Sets the firewall mark (SO_MARK, needs CAP_NET_ADMIN) that {@code ip rule fwmark} matches. */
    public static void mark(NetworkChannel channel, int mark) throws IOException {
        setInt(channel, SO_MARK, mark);
    }

    private static void setInt(NetworkChannel channel, int option, int value) throws IOException {
        try {
            Method getFd = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFD");
            Method setIntOption = Class.forName("sun.nio.ch.Net").getDeclaredMethod("setIntOption0",
                    FileDescriptor.class, boolean.class, int.class, int.class, int.class, boolean.class);
            getFd.setAccessible(true);
            setIntOption.setAccessible(true);
            FileDescriptor fd = (FileDescriptor) getFd.invoke(channel);
            setIntOption.invoke(null, fd, false, SOL_SOCKET, option, value, false);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach sun.nio.ch.Net.setIntOption0"
                    + " (run with --add-opens java.base/sun.nio.ch=ALL-UNNAMED)", e);
        }
    }
}
