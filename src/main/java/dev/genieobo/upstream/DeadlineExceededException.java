package dev.genieobo.upstream;

/** The turn's deadline passed while waiting for an upstream. Maps to 504. */
public final class DeadlineExceededException extends RuntimeException {

    public DeadlineExceededException(String during) {
        super("the request deadline passed while " + during, null, false, false);
    }
}
