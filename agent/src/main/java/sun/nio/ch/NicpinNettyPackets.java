package sun.nio.ch;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Reads the destination of a Netty {@code NativeDatagramPacket}, whose private fields its
 * JNI code reads: {@code recipientAddr}, {@code recipientAddrLen}, {@code recipientScopeId}
 * and {@code recipientPort} from 4.1.64 on, {@code addr}, {@code addrLen}, {@code scopeId} and
 * {@code port} before. One set of getters per class: each copy of Netty has its own.
 */
final class NicpinNettyPackets {
    private static final Fields FIELDS = new Fields();

    private NicpinNettyPackets() {
    }

    /** @return null if the packet has no destination */
    static InetSocketAddress recipient(Object packet) throws Throwable {
        MethodHandle[] fields = FIELDS.get(packet.getClass());
        int length = (int) fields[1].invoke(packet);
        if (length == 0) {
            return null;
        }
        byte[] bytes = Arrays.copyOf((byte[]) fields[0].invoke(packet), length);
        int scope = (int) fields[2].invoke(packet);
        InetAddress address = InetAddress.getByAddress(bytes); // an IPv4-mapped address comes back as IPv4
        if (scope != 0 && address instanceof Inet6Address) {
            address = Inet6Address.getByAddress(null, bytes, scope);
        }
        return new InetSocketAddress(address, (int) fields[3].invoke(packet));
    }

    private static MethodHandle[] getters(Class<?> packet, String... names) throws ReflectiveOperationException {
        MethodHandle[] getters = new MethodHandle[names.length];
        for (int i = 0; i < names.length; i++) {
            Field field = packet.getDeclaredField(names[i]);
            field.setAccessible(true);
            getters[i] = MethodHandles.publicLookup().unreflectGetter(field);
        }
        return getters;
    }

    /** The getters of a packet class: address bytes, their length, scope id, port. */
    private static final class Fields extends ClassValue<MethodHandle[]> {
        @Override
        protected MethodHandle[] computeValue(Class<?> packet) {
            try {
                return getters(packet, "recipientAddr", "recipientAddrLen", "recipientScopeId", "recipientPort");
            } catch (ReflectiveOperationException newerFieldsMissing) {
                try {
                    return getters(packet, "addr", "addrLen", "scopeId", "port");
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("nicpin: " + packet.getName()
                            + " has none of the destination fields this Netty version was expected to have", e);
                }
            }
        }
    }
}
