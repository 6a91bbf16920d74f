package dev.nicpin.pin;

/** Linux socket option numbers (asm-generic/socket.h, linux/in.h, linux/in6.h); the same on every architecture nicpin runs on. */
final class LinuxSockets {
    static final int SOL_SOCKET = 1;
    static final int SO_TYPE = 3;
    static final int SOCK_DGRAM = 2;
    static final int SO_DOMAIN = 39;
    static final int AF_INET6 = 10;
    static final int SO_MARK = 36;
    static final int SO_BINDTOIFINDEX = 62;
    static final int IPPROTO_IP = 0;
    static final int IP_UNICAST_IF = 50;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_UNICAST_IF = 76;

    private LinuxSockets() {
    }
}
