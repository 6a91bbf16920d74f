package dev.nicpin.it.apps;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test application that reaches the lab service through Netty's native epoll transport, and
 * only through it: it stops before its first step if the transport is not available here.
 * NettyEpollTest compiles it against each Netty version it runs with, which is why it is a
 * resource and not a test source.
 *
 * <pre>
 * java dev.nicpin.it.apps.NettyClient STEP...
 *
 *   tcp:HOST:PORT          an EpollSocketChannel connects and reads the answer
 *   tcpfastopen:HOST:PORT  an EpollSocketChannel with TCP_FASTOPEN_CONNECT writes a request,
 *                          then connects, and reads the answer: from Netty 4.1.60 on, the
 *                          connection then starts inside sendto(MSG_FASTOPEN), not connect(2)
 *   udpconnect:HOST:PORT   an EpollDatagramChannel connects (Bootstrap.connect), sends a
 *                          datagram and reads the answer
 *   udpsend:HOST:PORT      an unconnected EpollDatagramChannel sends one datagram (sendto)
 *                          and reads the answer
 *   udpbatch:HOST:PORT     the same with three datagrams flushed at once, which leave in one
 *                          sendmmsg; it reads the first answer
 *   niotcp:HOST:PORT       tcp through Netty's NIO transport (the JDK's channels)
 *   nioudpsend:HOST:PORT   udpsend through Netty's NIO transport
 * </pre>
 *
 * HOST is a numeric address. Output: one line {@code STEP OUTCOME} per step, where OUTCOME is
 * the answer or {@code FAILED: EXCEPTION-CLASS: MESSAGE}.
 */
@SuppressWarnings("deprecation")   // Epoll/NioEventLoopGroup: 4.2 prefers MultiThreadIoEventLoopGroup, which 4.1 lacks
public final class NettyClient {
    private static final int TIMEOUT_MILLIS = 3000;
    private static final byte[] REQUEST = "nicpin-it\n".getBytes(StandardCharsets.US_ASCII);

    private NettyClient() {
    }

    public static void main(String[] args) throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("Netty's epoll transport is not available", Epoll.unavailabilityCause());
        }
        // A daemon thread, never shut down: a shutdown starts Netty's GlobalEventExecutor, whose thread
        // holds the JVM for a second more. Each step closes its channel.
        EventLoopGroup epoll = new EpollEventLoopGroup(1, new DefaultThreadFactory("netty-client", true));
        EventLoopGroup nio = new NioEventLoopGroup(1, new DefaultThreadFactory("netty-nio-client", true));
        for (String step : args) {
            System.out.println(step + " " + outcome(step.startsWith("nio") ? nio : epoll, step));
        }
    }

    /** The answer, or {@code FAILED: EXCEPTION-CLASS: MESSAGE} on one line. */
    private static String outcome(EventLoopGroup group, String step) {
        int kindEnd = step.indexOf(':');
        int portStart = step.lastIndexOf(':');
        InetSocketAddress destination = new InetSocketAddress(step.substring(kindEnd + 1, portStart),
                Integer.parseInt(step.substring(portStart + 1)));
        try {
            return exchange(group, step.substring(0, kindEnd), destination);
        } catch (Exception e) {
            Throwable failure = thrownBySocket(e instanceof ExecutionException ? e.getCause() : e);
            return ("FAILED: " + failure.getClass().getName() + ": " + failure.getMessage()).replace('\n', ' ');
        }
    }

    private static String exchange(EventLoopGroup group, String kind, InetSocketAddress destination) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap().group(group)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, TIMEOUT_MILLIS)
                .handler(new AnswerReader(answer));
        ChannelFuture connect;
        switch (kind) {
            case "tcp":
                connect = bootstrap.channel(EpollSocketChannel.class).connect(destination);
                break;
            case "tcpfastopen":
                requireClientFastOpen();
                Channel unconnected = bootstrap.channel(EpollSocketChannel.class)
                        .option(EpollChannelOption.TCP_FASTOPEN_CONNECT, true)
                        .register().sync().channel();
                unconnected.write(Unpooled.wrappedBuffer(REQUEST));   // queued before the connect: what it sends first
                connect = unconnected.connect(destination);
                break;
            case "udpconnect":
                connect = bootstrap.channel(EpollDatagramChannel.class).connect(destination);
                break;
            case "udpsend":
            case "udpbatch":
                connect = bootstrap.channel(EpollDatagramChannel.class).bind(0);
                break;
            case "niotcp":
                connect = bootstrap.channel(NioSocketChannel.class).connect(destination);
                break;
            case "nioudpsend":
                connect = bootstrap.channel(NioDatagramChannel.class).bind(0);
                break;
            default:
                throw new IllegalArgumentException("unknown kind of step: " + kind);
        }
        Channel channel = connect.channel();
        try {
            connect.sync();
            if (kind.equals("udpconnect")) {
                channel.writeAndFlush(Unpooled.wrappedBuffer(REQUEST));
            } else if (kind.contains("udp")) {
                for (int i = kind.equals("udpbatch") ? 3 : 1; i > 0; i--) {
                    channel.write(new DatagramPacket(Unpooled.wrappedBuffer(REQUEST), destination));
                }
                channel.flush();
            }
            return answer.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer within " + TIMEOUT_MILLIS + " ms");
        } finally {
            channel.close().syncUninterruptibly();
        }
    }

    /** Netty uses fast open only where the kernel lets clients (the sysctl's 0x1 bit): elsewhere the step would be tcp. */
    private static void requireClientFastOpen() throws IOException {
        String sysctl = new String(Files.readAllBytes(Paths.get("/proc/sys/net/ipv4/tcp_fastopen")),
                StandardCharsets.US_ASCII).trim();
        if ((Integer.parseInt(sysctl) & 1) == 0) {
            throw new IllegalStateException("net.ipv4.tcp_fastopen is " + sysctl + ": clients may not use TCP fast open");
        }
    }

    /**
     * What the socket threw: Netty fails a connect with its own subclass of the exception it
     * caught (AbstractChannel's AnnotatedSocketException and the like, which add the
     * destination to the message), and that exception as the cause.
     */
    private static Throwable thrownBySocket(Throwable failure) {
        boolean annotated = failure.getClass().getName().startsWith("io.netty.channel.AbstractChannel$Annotated");
        return annotated && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Completes the answer with the first line the far side sends, over a stream or in a datagram. */
    private static final class AnswerReader extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<String> answer;
        private final StringBuilder received = new StringBuilder();

        AnswerReader(CompletableFuture<String> answer) {
            this.answer = answer;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf bytes = message instanceof DatagramPacket ? ((DatagramPacket) message).content() : (ByteBuf) message;
            received.append(bytes.toString(StandardCharsets.US_ASCII));
            ReferenceCountUtil.release(message);
            int end = received.indexOf("\n");
            if (end >= 0) {
                answer.complete(received.substring(0, end).trim());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            answer.completeExceptionally(new IOException("closed before a whole line came: '" + received + "'"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            answer.completeExceptionally(cause);
        }
    }
}
