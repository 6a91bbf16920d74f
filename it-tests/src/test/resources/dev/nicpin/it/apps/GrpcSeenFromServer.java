package dev.nicpin.it.apps;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The far side of GrpcShadedNettyTest: a gRPC server on grpc-netty-shaded, in the lab's server
 * namespace, that answers each call of {@link GrpcSeenFrom#ASK} with the caller's address as
 * it saw it. The lab maps each client address to one link; the server cannot tell the link
 * itself, as the lab server does, because gRPC does not say which interface a connection came in on.
 *
 * <pre>
 * java dev.nicpin.it.apps.GrpcSeenFromServer HOST:PORT...
 * </pre>
 *
 * It listens on every HOST:PORT (HOST a numeric address), prints {@value #READY} once it does,
 * and runs until killed.
 */
public final class GrpcSeenFromServer {
    public static final String READY = "grpc-seen-from-server ready";
    private static final Context.Key<SocketAddress> CALLER = Context.key("caller");

    private GrpcSeenFromServer() {
    }

    public static void main(String[] args) throws Exception {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(GrpcSeenFrom.address(args[0]),
                InsecureServerCredentials.create());
        for (int i = 1; i < args.length; i++) {
            builder.addListenAddress(GrpcSeenFrom.address(args[i]));
        }
        ServerServiceDefinition service = ServerServiceDefinition.builder(GrpcSeenFrom.SERVICE)
                .addMethod(GrpcSeenFrom.ASK, ServerCalls.asyncUnaryCall((request, answer) -> {
                    answer.onNext("seen-from " + ((InetSocketAddress) CALLER.get()).getAddress().getHostAddress());
                    answer.onCompleted();
                }))
                .build();
        Server server = builder.addService(ServerInterceptors.intercept(service, new CallerInContext()))
                .build()
                .start();
        System.out.println(READY + " on " + server.getListenSockets());
        server.awaitTermination();
    }

    /** Puts the transport's remote address where the method can read it: a unary method sees no call attributes. */
    private static final class CallerInContext implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                           ServerCallHandler<Q, A> next) {
            SocketAddress caller = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
        }
    }
}
