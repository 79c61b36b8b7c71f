package dev.genieobo.identity;

import java.time.Instant;
import java.util.Optional;

/**
 * A caller's token after {@link CallerVerifier#check verification}, for the one request
 * that carried it: a gate verifies once and the handler behind it makes the call's
 * {@link UserCredential} of this ({@link CallerTokens#open(VerifiedCaller,
 * dev.genieobo.upstream.Deadline)}) instead of verifying the same token again. Whoever
 * made it closes it when the request ends; after {@link #close()} it holds no reference
 * to the token. Nothing that outlives a request may keep one, and only this package
 * reads the token. Its {@link #toString()} is redacted.
 */
public final class VerifiedCaller implements AutoCloseable {

    private volatile String token;
    private final String callerId;
    private final Instant expiresAt;
    private final boolean opaque;

    private VerifiedCaller(String token, String callerId, Instant expiresAt, boolean opaque) {
        this.token = token;
        this.callerId = callerId;
        this.expiresAt = expiresAt;
        this.opaque = opaque;
    }

    /** A verified JWT: its caller id and expiry. */
    static VerifiedCaller jwt(String token, String callerId, Instant expiresAt) {
        return new VerifiedCaller(token, callerId, expiresAt, false);
    }

    /** An opaque token let through unverified (Genie verifies it): no expiry known. */
    static VerifiedCaller opaque(String token, String callerId) {
        return new VerifiedCaller(token, callerId, null, true);
    }

    /** The token itself; only for making the request's credential. */
    String token() {
        String t = token;
        if (t == null) {
            throw new IllegalStateException("the verified caller is closed (its request has ended)");
        }
        return t;
    }

    /** A non-reversible id of the caller (never the token, never the user name). */
    public String callerId() {
        return callerId;
    }

    /** When the verified token expires, if known (not for an opaque token). */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    boolean isOpaque() {
        return opaque;
    }

    /** Drops the token; a credential made of it before keeps working. Idempotent. */
    @Override
    public void close() {
        token = null;
    }

    @Override
    public String toString() {
        return token != null ? "VerifiedCaller[redacted]" : "VerifiedCaller[closed]";
    }
}
