package dev.nicpin.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The http-client path: one {@link HttpClient} for the whole conversation, as applications
 * use it, speaking HTTP/1.1 without a proxy. Compiled for Java 11 from its own source folder
 * and loaded reflectively by {@link HttpPaths}, so the rest of the demo app runs on Java 8.
 */
final class HttpClientPath implements Conversation {
    private static final Duration TIMEOUT = Duration.ofMillis(Replies.TIMEOUT_MILLIS);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(TIMEOUT)
            .build();

    @Override
    public String exchange(InetSocketAddress destination) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(HttpPaths.url(destination))).timeout(TIMEOUT).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            return Replies.line(body);
        }
    }
}
