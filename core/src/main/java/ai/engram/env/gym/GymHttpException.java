package ai.engram.env.gym;

import java.net.URI;

/**
 * A call to a gym-http-api server that failed: refused, timed out, answered with an error status,
 * or answered something that is not the protocol. The message names the request's URL, the
 * environment id and, when the server sent one, the server's own message.
 */
public final class GymHttpException extends RuntimeException {

    private final URI url;
    private final int status;

    GymHttpException(String envId, String method, URI url, int status, String problem, Throwable cause) {
        super("gym env " + envId + ": " + method + " " + url + " failed: " + problem, cause);
        this.url = url;
        this.status = status;
    }

    /** The URL of the request that failed. */
    public URI url() {
        return url;
    }

    /**
     * The HTTP error status the server answered with, or -1 if the failure is no error status (no
     * answer came, or the answer is not the protocol).
     */
    public int status() {
        return status;
    }
}
