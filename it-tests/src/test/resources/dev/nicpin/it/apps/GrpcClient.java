package dev.nicpin.it.apps;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A test application that calls GrpcSeenFromServer the way an ordinary gRPC client does: a
 * channel from {@link Grpc#newChannelBuilderForAddress}, whichever transport is on the class
 * path (grpc-netty-shaded, which takes Netty's native epoll transport where it can), and a
 * blocking unary call.
 *
 * <pre>
 * java dev.nicpin.it.apps.GrpcClient HOST:PORT...
 * </pre>
 *
 * HOST is a numeric address. Each HOST:PORT gets a channel of its own, one call, and one line
 * {@code HOST:PORT OUTCOME}, where OUTCOME is the answer or {@code FAILED: EXCEPTION-CLASS:
 * MESSAGE} of the exception at the root of the call's failure.
 */
public final class GrpcClient {
    private static final int TIMEOUT_SECONDS = 5;

    private GrpcClient() {
    }

    public static void main(String[] args) throws InterruptedException {
        for (String server : args) {
            System.out.println(server + " " + outcome(GrpcSeenFrom.address(server)));
        }
    }

    private static String outcome(InetSocketAddress server) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(server.getHostString(), server.getPort(),
                InsecureChannelCredentials.create()).build();
        try {
            return ClientCalls.blockingUnaryCall(channel, GrpcSeenFrom.ASK,
                    CallOptions.DEFAULT.withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS), "");
        } catch (StatusRuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return ("FAILED: " + root.getClass().getName() + ": " + root.getMessage()).replace('\n', ' ');
        } finally {
            channel.shutdownNow().awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
