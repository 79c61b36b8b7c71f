package dev.genieobo.api;

/** The request body is not a valid question. Maps to 400. */
public final class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message, null, false, false);
    }
}
