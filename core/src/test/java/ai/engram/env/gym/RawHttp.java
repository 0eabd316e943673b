package ai.engram.env.gym;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP requests, for what GymHttpEnv never sends: malformed bodies, unknown ids and paths. */
final class RawHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A status and the parsed JSON body (an empty object for no body). */
    record Answer(int status, JsonNode body) {
        String message() {
            return body.path("message").asText();
        }
    }

    private RawHttp() {
    }

    static Answer post(URI url, String body) {
        return send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static Answer get(URI url) {
        return send(HttpRequest.newBuilder(url).GET());
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Answer(response.statusCode(),
                    body.isEmpty() ? GymProtocol.JSON.createObjectNode() : GymProtocol.JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
