package dev.nicpin.it.apps;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The gRPC service GrpcSeenFromServer serves and GrpcClient calls, written by hand where protoc
 * would generate it: its one method takes and answers a UTF-8 string, so that neither side needs
 * protobuf. GrpcShadedNettyTest compiles the three together.
 */
final class GrpcSeenFrom {
    static final String SERVICE = "nicpin.SeenFrom";
    /** Answers {@code seen-from ADDRESS}, the caller's address as the server saw it; the request is ignored. */
    static final MethodDescriptor<String, String> ASK = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Ask"))
            .setRequestMarshaller(new Utf8())
            .setResponseMarshaller(new Utf8())
            .build();

    private GrpcSeenFrom() {
    }

    /** {@code HOST:PORT}, HOST a numeric address of either family, without brackets. */
    static InetSocketAddress address(String hostAndPort) {
        int portStart = hostAndPort.lastIndexOf(':');
        return new InetSocketAddress(hostAndPort.substring(0, portStart),
                Integer.parseInt(hostAndPort.substring(portStart + 1)));
    }

    private static final class Utf8 implements MethodDescriptor.Marshaller<String> {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int read; (read = stream.read(buffer)) > 0; ) {
                    bytes.write(buffer, 0, read);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        }
    }
}
