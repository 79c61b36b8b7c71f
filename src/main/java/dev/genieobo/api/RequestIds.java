package dev.genieobo.api;

/** A caller's {@code X-Request-Id}, if it is a plain id; anything else is dropped (a new id is drawn). */
public final class RequestIds {

    private RequestIds() {
    }

    public static String clean(String requestId) {
        if (requestId == null || requestId.length() > 128 || !requestId.matches("[A-Za-z0-9._:-]+")) {
            return null;
        }
        return requestId;
    }
}
