package dev.nicpin.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URL;
import java.util.Arrays;
import java.util.List;

/** HTTP/1.1 GET through {@link HttpURLConnection} and, on Java 11+, {@code java.net.http.HttpClient}. */
final class HttpPaths {
    /** Compiled for Java 11 from src/main/java11; loaded only on a JDK that has java.net.http. */
    private static final String HTTP_CLIENT_PATH = "dev.nicpin.demo.HttpClientPath";

    private HttpPaths() {
    }

    static List<SocketPath> all() {
        return Arrays.asList(
                new SocketPath("http-url-connection", Transport.HTTP, () -> HttpPaths::urlConnection),
                new SocketPath("http-client", Transport.HTTP, HttpPaths::httpClient));
    }

    /** The URL of the far side's root, e.g. {@code http://[fd77:9::1]:7080/}. */
    static String url(InetSocketAddress destination) {
        return "http://" + Main.authority(destination.getHostString(), destination.getPort()) + "/";
    }

    private static String urlConnection(InetSocketAddress destination) throws IOException {
        // NO_PROXY: a proxy configured in the environment would make this a connection to the proxy.
        HttpURLConnection connection = (HttpURLConnection) new URL(url(destination)).openConnection(Proxy.NO_PROXY);
        connection.setConnectTimeout(Replies.TIMEOUT_MILLIS);
        connection.setReadTimeout(Replies.TIMEOUT_MILLIS);
        try {
            if (connection.getResponseCode() != HttpURLConnection.HTTP_OK) {
                throw new IOException("HTTP " + connection.getResponseCode());
            }
            try (InputStream body = connection.getInputStream()) {
                return Replies.line(body);
            }
        } finally {
            connection.disconnect();
        }
    }

    private static Conversation httpClient() throws Exception {
        if (javaFeatureVersion() < 11) {
            throw new SocketPath.Skipped("needs JDK 11+");
        }
        return (Conversation) Class.forName(HTTP_CLIENT_PATH).getDeclaredConstructor().newInstance();
    }

    /** 8 for "1.8", else the leading number of java.specification.version ("11", "17", "25"). */
    private static int javaFeatureVersion() {
        String version = System.getProperty("java.specification.version");
        return Integer.parseInt(version.startsWith("1.") ? version.substring(2) : version);
    }
}
