package io.workflowdb.operator.cluster.patroni;

/**
 * A call to Patroni's REST API failed. The message names the method, the URL and the HTTP status
 * (0 when no answer came), never credentials.
 */
public class PatroniApiException extends RuntimeException {

    private final int statusCode;

    public PatroniApiException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** The HTTP status, or 0 when the request got no answer (refused, timed out, interrupted). */
    public int statusCode() {
        return statusCode;
    }
}
