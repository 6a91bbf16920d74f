package dev.nicpin.it.apps;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * A test application that reaches the lab service through Netty's native epoll transport, and
 * for comparison its NIO transport: it stops before its first step if epoll is not available
 * here. It takes {@link NettySteps}; NettyEpollTest compiles the two against each Netty version
 * it runs with, which is why they are resources and not test sources.
 *
 * <pre>
 * java dev.nicpin.it.apps.NettyClient STEP...
 * </pre>
 */
@SuppressWarnings("deprecation")   // Epoll/NioEventLoopGroup: 4.2 prefers MultiThreadIoEventLoopGroup, which 4.1 lacks
public final class NettyClient {

    private NettyClient() {
    }

    public static void main(String[] args) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("Netty's epoll transport is not available", Epoll.unavailabilityCause());
        }
        // Daemon threads, never shut down: a shutdown starts Netty's GlobalEventExecutor, whose thread
        // holds the JVM for a second more. Each step closes its channel.
        NettySteps.run(args,
                new NettySteps.Transport(new EpollEventLoopGroup(1, new DefaultThreadFactory("netty-client", true)),
                        EpollSocketChannel.class, EpollDatagramChannel.class, EpollChannelOption.TCP_FASTOPEN_CONNECT,
                        NettyClient::requireClientFastOpen),
                new NettySteps.Transport(new NioEventLoopGroup(1, new DefaultThreadFactory("netty-nio-client", true)),
                        NioSocketChannel.class, NioDatagramChannel.class, null, null));
    }

    /** Netty uses fast open only where the kernel lets clients (the sysctl's 0x1 bit). */
    private static void requireClientFastOpen() {
        try {
            String sysctl = new String(Files.readAllBytes(Paths.get("/proc/sys/net/ipv4/tcp_fastopen")),
                    StandardCharsets.US_ASCII).trim();
            if ((Integer.parseInt(sysctl) & 1) == 0) {
                throw new IllegalStateException("net.ipv4.tcp_fastopen is " + sysctl + ": clients may not use TCP fast open");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
