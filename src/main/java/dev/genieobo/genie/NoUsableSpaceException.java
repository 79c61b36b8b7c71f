package dev.genieobo.genie;

import java.util.List;

/** Every configured Genie space refused the caller. Maps to 403. */
public final class NoUsableSpaceException extends RuntimeException {

    private final List<String> spaces;

    public NoUsableSpaceException(List<String> spaces) {
        this(spaces, "you do not have access to any of the Genie spaces of this function: " + String.join(", ", spaces));
    }

    /** Refused with a message of its own (a space that refused the caller in the middle of a turn). */
    public NoUsableSpaceException(List<String> spaces, String message) {
        super(message, null, false, false);
        this.spaces = List.copyOf(spaces);
    }

    public List<String> spaces() {
        return spaces;
    }
}
