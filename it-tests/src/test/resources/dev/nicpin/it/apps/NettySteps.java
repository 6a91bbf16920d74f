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
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The steps the Netty test clients (NettyClient, IoUringClient, IoUringIncubatorClient) take,
 * each over the transport it names, compiled with each of them against its Netty version.
 *
 * <pre>
 *   tcp:HOST:PORT          a socket channel connects and reads the answer
 *   tcpfastopen:HOST:PORT  a socket channel with TCP fast open writes a request, then connects,
 *                          and reads the answer: the connection starts with a sendto or a
 *                          sendmsg carrying the request (epoll from Netty 4.1.60 on, io_uring)
 *   udpconnect:HOST:PORT   a datagram channel connects, sends a datagram, reads the answer
 *   udpsend:HOST:PORT      an unconnected datagram channel sends one datagram, reads the answer
 *   udpbatch:HOST:PORT     the same with three datagrams flushed at once (epoll: one sendmmsg);
 *                          it reads the first answer
 *   udpbatchmixed:HOST:PORT  five datagrams flushed at once, to PORT, PORT + 1, PORT, PORT + 1,
 *                          PORT (where nothing answers at PORT + 1); it reads the first answer
 *   udpmixed:HOST:PORT     udpsend, then on the same channel a datagram to PORT + 1, where
 *                          nothing answers: the answer, then {@code ; then PORT+1: } and
 *                          {@code sent} or the failure of that second send
 *   nio...                 any of these through Netty's NIO transport (the JDK's channels)
 *   again                  the steps before it again and again, until killed, with a line
 *                          {@code # round N done} after each round
 * </pre>
 *
 * HOST is a numeric address. Output: one line {@code STEP OUTCOME} per step, where OUTCOME is
 * the answer or {@code FAILED: EXCEPTION-CLASS: MESSAGE}.
 */
final class NettySteps {
    private static final int TIMEOUT_MILLIS = 3000;
    private static final byte[] REQUEST = "nicpin-it\n".getBytes(StandardCharsets.US_ASCII);
    private static final String NIO = "nio";

    /** One of Netty's transports, as the steps use it. */
    static final class Transport {
        private final EventLoopGroup group;
        private final Class<? extends Channel> stream;
        private final Class<? extends Channel> datagram;
        private final ChannelOption<Boolean> fastOpen;
        private final Runnable fastOpenAllowed;

        /**
         * @param fastOpen the option that makes a connect start with its first write; null if none
         * @param fastOpenAllowed throws if the transport would not use fast open here: the step
         *                        would then be a plain connect, and prove nothing
         */
        Transport(EventLoopGroup group, Class<? extends Channel> stream, Class<? extends Channel> datagram,
                  ChannelOption<Boolean> fastOpen, Runnable fastOpenAllowed) {
            this.group = group;
            this.stream = stream;
            this.datagram = datagram;
            this.fastOpen = fastOpen;
            this.fastOpenAllowed = fastOpenAllowed;
        }
    }

    private NettySteps() {
    }

    /**
     * Takes each step, printing its line: steps whose kind starts with {@code nio} over
     * {@code nio}, the others over {@code transport}.
     *
     * @param nio null if this client has no NIO steps
     */
    static void run(String[] steps, Transport transport, Transport nio) {
        int again = Arrays.asList(steps).indexOf("again");
        String[] round = again < 0 ? steps : Arrays.copyOf(steps, again);
        for (int n = 1; ; n++) {
            for (String step : round) {
                System.out.println(step + " " + outcome(step.startsWith(NIO) ? nio : transport, step));
            }
            if (again < 0) {
                return;
            }
            System.out.println("# round " + n + " done");
        }
    }

    /** The answer, or {@code FAILED: EXCEPTION-CLASS: MESSAGE} on one line. */
    private static String outcome(Transport transport, String step) {
        int kindEnd = step.indexOf(':');
        int portStart = step.lastIndexOf(':');
        String kind = step.substring(step.startsWith(NIO) ? NIO.length() : 0, kindEnd);
        InetSocketAddress destination = new InetSocketAddress(step.substring(kindEnd + 1, portStart),
                Integer.parseInt(step.substring(portStart + 1)));
        try {
            return exchange(transport, kind, destination);
        } catch (Exception e) {
            return failed(e);
        }
    }

    private static String exchange(Transport transport, String kind, InetSocketAddress destination) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap().group(transport.group)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, TIMEOUT_MILLIS)
                .handler(new AnswerReader(answer));
        boolean unconnected = kind.equals("udpsend") || kind.startsWith("udpbatch") || kind.equals("udpmixed");
        ChannelFuture connect;
        if (kind.equals("tcp")) {
            connect = bootstrap.channel(transport.stream).connect(destination);
        } else if (kind.equals("tcpfastopen")) {
            if (transport.fastOpen == null) {
                throw new IllegalStateException("this transport has no TCP fast open");
            }
            transport.fastOpenAllowed.run();
            Channel channel = bootstrap.channel(transport.stream).option(transport.fastOpen, true)
                    .register().sync().channel();
            channel.write(Unpooled.wrappedBuffer(REQUEST));   // queued before the connect: what it sends first
            connect = channel.connect(destination);
        } else if (kind.equals("udpconnect")) {
            connect = bootstrap.channel(transport.datagram).connect(destination);
        } else if (unconnected) {
            connect = bootstrap.channel(transport.datagram).bind(0);
        } else {
            throw new IllegalArgumentException("unknown kind of step: " + kind);
        }
        Channel channel = connect.channel();
        try {
            connect.sync();
            if (kind.equals("udpconnect")) {
                channel.writeAndFlush(Unpooled.wrappedBuffer(REQUEST));
            } else if (unconnected) {
                int datagrams = kind.equals("udpbatch") ? 3 : kind.equals("udpbatchmixed") ? 5 : 1;
                ChannelFuture first = null;
                for (int i = 0; i < datagrams; i++) {
                    boolean elsewhere = kind.equals("udpbatchmixed") && i % 2 == 1;
                    ChannelFuture written = channel.write(new DatagramPacket(Unpooled.wrappedBuffer(REQUEST), elsewhere
                            ? new InetSocketAddress(destination.getAddress(), destination.getPort() + 1) : destination));
                    first = first == null ? written : first;
                }
                channel.flush();
                first.sync(); // a datagram that could not be sent fails its write: that, not the missing answer
            }
            String answered = answer.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (kind.equals("udpmixed")) {
                InetSocketAddress elsewhere = new InetSocketAddress(destination.getAddress(), destination.getPort() + 1);
                ChannelFuture second = channel.writeAndFlush(
                        new DatagramPacket(Unpooled.wrappedBuffer(REQUEST), elsewhere)).await();
                answered += "; then " + elsewhere.getPort() + ": " + (second.isSuccess() ? "sent" : failed(second.cause()));
            }
            return answered;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer within " + TIMEOUT_MILLIS + " ms");
        } finally {
            channel.close().syncUninterruptibly();
        }
    }

    private static String failed(Throwable e) {
        Throwable failure = thrownBySocket(e instanceof ExecutionException ? e.getCause() : e);
        return ("FAILED: " + failure.getClass().getName() + ": " + failure.getMessage()).replace('\n', ' ');
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
