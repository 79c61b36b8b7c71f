package dev.genieobo.genie;

/** Genie answered something that is not a Genie answer. */
public final class GenieFormatException extends RuntimeException {

    public GenieFormatException(String message) {
        super(message, null, false, false);
    }
}
