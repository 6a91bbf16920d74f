package dev.nicpin.it.apps;

import io.netty.channel.ChannelOption;
import io.netty.incubator.channel.uring.IOUring;
import io.netty.incubator.channel.uring.IOUringDatagramChannel;
import io.netty.incubator.channel.uring.IOUringEventLoopGroup;
import io.netty.incubator.channel.uring.IOUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A test application that reaches the lab service through the io_uring transport of Netty
 * 4.1's incubator ({@code io.netty.incubator.channel.uring}), and only through it: it stops
 * before its first step if the transport is not available here. It takes {@link NettySteps},
 * but the NIO ones; NettyIoUringTest compiles the two against the incubator and Netty 4.1.
 *
 * <pre>
 * java dev.nicpin.it.apps.IoUringIncubatorClient STEP...
 * </pre>
 */
public final class IoUringIncubatorClient {

    private IoUringIncubatorClient() {
    }

    public static void main(String[] args) {
        if (!IOUring.isAvailable()) {
            throw new IllegalStateException("the incubator's io_uring transport is not available",
                    IOUring.unavailabilityCause());
        }
        // Daemon threads, never shut down, as NettyClient's.
        NettySteps.run(args, new NettySteps.Transport(
                new IOUringEventLoopGroup(1, new DefaultThreadFactory("netty-client", true)),
                IOUringSocketChannel.class, IOUringDatagramChannel.class, ChannelOption.TCP_FASTOPEN_CONNECT,
                IoUringIncubatorClient::requireClientFastOpen), null);
    }

    /** Netty uses fast open only where the kernel lets clients (the 0x1 bit of sysctl net.ipv4.tcp_fastopen). */
    private static void requireClientFastOpen() {
        if (!IOUring.isTcpFastOpenClientSideAvailable()) {
            throw new IllegalStateException("the incubator's io_uring transport may not use TCP fast open here"
                    + " (IOUring.isTcpFastOpenClientSideAvailable() is false: see net.ipv4.tcp_fastopen)");
        }
    }
}
