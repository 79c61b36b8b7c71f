package dev.genieobo.upstream;

/** The turn was cancelled (the caller hung up) while {@code during}; nobody is left to answer. */
public final class TurnCancelledException extends RuntimeException {

    public TurnCancelledException(String during) {
        super("the caller hung up while " + during, null, false, false);
    }
}
