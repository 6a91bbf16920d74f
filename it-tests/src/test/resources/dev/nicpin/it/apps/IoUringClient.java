package dev.nicpin.it.apps;

import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A test application that reaches the lab service through Netty 4.2's io_uring transport
 * ({@code io.netty.channel.uring}), and only through it: it stops before its first step if the
 * transport is not available here. It takes {@link NettySteps}, but the NIO ones; NettyIoUringTest
 * compiles the two against Netty 4.2.
 *
 * <pre>
 * java dev.nicpin.it.apps.IoUringClient STEP...
 * </pre>
 */
public final class IoUringClient {

    private IoUringClient() {
    }

    public static void main(String[] args) {
        if (!IoUring.isAvailable()) {
            throw new IllegalStateException("Netty's io_uring transport is not available", IoUring.unavailabilityCause());
        }
        // Daemon threads, never shut down, as NettyClient's.
        NettySteps.run(args, new NettySteps.Transport(new MultiThreadIoEventLoopGroup(1,
                        new DefaultThreadFactory("netty-client", true), IoUringIoHandler.newFactory()),
                IoUringSocketChannel.class, IoUringDatagramChannel.class, ChannelOption.TCP_FASTOPEN_CONNECT,
                IoUringClient::requireClientFastOpen), null);
    }

    /** Netty uses fast open only where the kernel lets clients (the 0x1 bit of sysctl net.ipv4.tcp_fastopen). */
    private static void requireClientFastOpen() {
        if (!IoUring.isTcpFastOpenClientSideAvailable()) {
            throw new IllegalStateException("Netty's io_uring transport may not use TCP fast open here"
                    + " (IoUring.isTcpFastOpenClientSideAvailable() is false: see net.ipv4.tcp_fastopen)");
        }
    }
}
