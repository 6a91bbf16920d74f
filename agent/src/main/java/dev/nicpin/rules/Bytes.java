package dev.nicpin.rules;

/** Big-endian reads from address bytes ({@code InetAddress.getAddress()} is in network order). */
final class Bytes {
    private Bytes() {
    }

    static int intAt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16
                | (bytes[offset + 2] & 0xFF) << 8 | bytes[offset + 3] & 0xFF;
    }

    static long longAt(byte[] bytes, int offset) {
        return (intAt(bytes, offset) & 0xFFFFFFFFL) << 32 | intAt(bytes, offset + 4) & 0xFFFFFFFFL;
    }
}
