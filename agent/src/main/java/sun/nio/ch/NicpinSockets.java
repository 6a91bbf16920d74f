package sun.nio.ch;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.nio.channels.Channel;

/**
 * The socket operations the agent needs, through the JDK's own natives ({@code Net},
 * {@code IOUtil}, {@code DatagramChannelImpl}), which this class reaches from inside their
 * package. Defined with {@link NicpinBridge}, and like it public only to the agent.
 */
public final class NicpinSockets {

    private NicpinSockets() {
    }

    public static int fdVal(FileDescriptor fd) throws SocketException {
        try {
            return (int) Natives.FD_VAL.invokeExact(fd);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** {@code getsockopt} of an int-valued option. */
    public static int getIntOption(FileDescriptor fd, int level, int option) throws SocketException {
        try {
            return (int) Natives.GET_INT_OPTION.invokeExact(fd, false, level, option);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** {@code setsockopt} of an int-valued option, passed to the kernel as it is. */
    public static void setIntOption(FileDescriptor fd, int level, int option, int value) throws SocketException {
        try {
            Natives.SET_INT_OPTION.invokeExact(fd, false, level, option, value);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** The socket of a channel the JDK made, such as the agent's own. */
    public static FileDescriptor fd(Channel channel) throws SocketException {
        try {
            return (FileDescriptor) Natives.CHANNEL_FD.invoke(channel);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** The socket's local port; 0 while it is not bound. */
    public static int localPort(FileDescriptor fd) throws SocketException {
        try {
            return (int) Natives.LOCAL_PORT.invokeExact(fd);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** Binds the socket to {@code address} and {@code port} (0: any), as {@code family} (null: the socket's own) requires. */
    public static void bind(ProtocolFamily family, FileDescriptor fd, InetAddress address, int port)
            throws SocketException {
        try {
            Natives.BIND.invokeExact(family, fd, address, port);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** The socket's local address ({@code getsockname}). */
    public static InetAddress localAddress(FileDescriptor fd) throws SocketException {
        try {
            return (InetAddress) Natives.LOCAL_ADDRESS.invokeExact(fd);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** Dissolves a datagram socket's association ({@code connect(AF_UNSPEC)}), as DatagramChannel's disconnect does. */
    public static void disconnectDatagram(FileDescriptor fd, boolean ipv6) throws SocketException {
        try {
            Natives.DISCONNECT_DATAGRAM.invokeExact(fd, ipv6);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** The high 64 bits of the address, read in place: {@code getAddress()} would allocate a copy on every connect. */
    public static long ipv6High(Inet6Address address) {
        return bits(address, 0);
    }

    /** The low 64 bits of the address, read in place. */
    public static long ipv6Low(Inet6Address address) {
        return bits(address, 8);
    }

    private static long bits(Inet6Address address, int from) {
        byte[] bytes;
        try {
            bytes = (byte[]) Natives.IPV6_BYTES.invokeExact(address);
        } catch (Throwable e) {
            bytes = address.getAddress();
        }
        long bits = 0;
        for (int i = from; i < from + 8; i++) {
            bits = bits << 8 | (bytes[i] & 0xFF);
        }
        return bits;
    }

    private static SocketException rethrown(Throwable e) {
        if (e instanceof SocketException) {
            return (SocketException) e;
        }
        SocketException wrapped = new SocketException(String.valueOf(e.getMessage()));
        wrapped.initCause(e);
        return wrapped;
    }

    /**
     * The JDK natives, looked up on first use: looking them up loads {@code Net}, which must
     * happen after the agent's transformer is registered.
     */
    private static final class Natives {
        static final MethodHandle FD_VAL = find("sun.nio.ch.IOUtil", "fdVal", FileDescriptor.class);
        static final MethodHandle NEW_FD = find("sun.nio.ch.IOUtil", "newFD", int.class);
        static final MethodHandle CHANNEL_FD = find("sun.nio.ch.SelChImpl", "getFD");
        static final MethodHandle GET_INT_OPTION = find("sun.nio.ch.Net", "getIntOption0",
                FileDescriptor.class, boolean.class, int.class, int.class);
        static final MethodHandle SET_INT_OPTION = setIntOption();
        static final MethodHandle LOCAL_PORT = find("sun.nio.ch.Net", "localPort", FileDescriptor.class);
        static final MethodHandle REMOTE_PORT = find("sun.nio.ch.Net", "remotePort", FileDescriptor.class);
        static final MethodHandle LOCAL_ADDRESS = find("sun.nio.ch.Net", "localInetAddress", FileDescriptor.class);
        static final MethodHandle DISCONNECT_DATAGRAM = find("sun.nio.ch.DatagramChannelImpl", "disconnect0",
                FileDescriptor.class, boolean.class);
        static final MethodHandle BIND = find("sun.nio.ch.Net", "bind",
                ProtocolFamily.class, FileDescriptor.class, InetAddress.class, int.class);
        /** {@code (Inet6Address)byte[]}: the address's own array, or, should its fields differ, a copy. */
        static final MethodHandle IPV6_BYTES = ipv6Bytes();

        /** {@code (FileDescriptor, boolean, int, int, int)void}: JDK 8 before 8u40 lacks the trailing isIPv6 flag. */
        private static MethodHandle setIntOption() {
            try {
                MethodHandle withFamily = find("sun.nio.ch.Net", "setIntOption0",
                        FileDescriptor.class, boolean.class, int.class, int.class, int.class, boolean.class);
                return MethodHandles.insertArguments(withFamily, 5, false);
            } catch (IllegalStateException notThisJdk) {
                return find("sun.nio.ch.Net", "setIntOption0",
                        FileDescriptor.class, boolean.class, int.class, int.class, int.class);
            }
        }

        private static MethodHandle ipv6Bytes() {
            try {
                Field holder = Inet6Address.class.getDeclaredField("holder6");
                Field bytes = holder.getType().getDeclaredField("ipaddress");
                holder.setAccessible(true);
                bytes.setAccessible(true);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                return MethodHandles.filterReturnValue(lookup.unreflectGetter(holder), lookup.unreflectGetter(bytes));
            } catch (ReflectiveOperationException | RuntimeException e) {
                try {
                    return MethodHandles.publicLookup().findVirtual(Inet6Address.class, "getAddress",
                            MethodType.methodType(byte[].class));
                } catch (ReflectiveOperationException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }

        /**
         * By name: they are not part of any public API the bridge is compiled against. The public
         * lookup, made accessible by reflection, because JDK 8 refuses a full lookup to a class
         * of the bootstrap loader in a {@code sun.*} package.
         */
        private static MethodHandle find(String owner, String name, Class<?>... parameters) {
            try {
                Method method = Class.forName(owner).getDeclaredMethod(name, parameters);
                method.setAccessible(true);
                return MethodHandles.publicLookup().unreflect(method);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("nicpin: this JDK has no " + owner + "." + name, e);
            }
        }
    }

    /** A descriptor object for a socket the JDK did not create (Netty's), known by its number. */
    static FileDescriptor newFd(int fd) throws Throwable {
        return (FileDescriptor) Natives.NEW_FD.invokeExact(fd);
    }

    /** Whether the socket has a peer ({@code getpeername}), which only a connected one has. */
    static boolean isConnected(FileDescriptor fd) {
        try {
            int port = (int) Natives.REMOTE_PORT.invokeExact(fd);
            return port >= 0;
        } catch (Throwable notConnected) {
            return false;
        }
    }
}
