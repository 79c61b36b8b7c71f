package dev.genieobo.mcp;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Incremental parser of a {@code text/event-stream} body (WHATWG SSE): feed it
 * bytes as they arrive, it hands each complete event's data to a listener.
 * Events with empty data (priming frames) and comments are skipped. Bytes are
 * buffered until a line is complete, so multi-byte characters split across
 * chunks are decoded correctly.
 */
public final class SseParser {

    private final Predicate<String> onData;
    private final StringBuilder data = new StringBuilder();
    private byte[] pending = new byte[0];
    private boolean dataSeen;
    private boolean done;

    /** @param onData gets each event's data; returns true to stop parsing */
    public SseParser(Predicate<String> onData) {
        this.onData = onData;
    }

    /** @return true once the listener asked to stop */
    public boolean feed(byte[] bytes) {
        if (done) {
            return true;
        }
        byte[] buf = concat(pending, bytes);
        int start = 0;
        for (int i = 0; i < buf.length && !done; i++) {
            byte b = buf[i];
            if (b == '\n' || b == '\r') {
                int end = i;
                if (b == '\r' && i + 1 < buf.length && buf[i + 1] == '\n') {
                    i++;
                } else if (b == '\r' && i + 1 == buf.length) {
                    // a CR at the very end may be followed by LF in the next chunk: wait for it
                    pending = java.util.Arrays.copyOfRange(buf, start, buf.length);
                    return false;
                }
                line(new String(buf, start, end - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        pending = start < buf.length ? java.util.Arrays.copyOfRange(buf, start, buf.length) : new byte[0];
        return done;
    }

    /** Dispatches a last event that was not followed by a blank line. */
    public boolean end() {
        if (!done && pending.length > 0) {
            line(new String(pending, StandardCharsets.UTF_8));
            pending = new byte[0];
        }
        if (!done) {
            line("");
        }
        return done;
    }

    private void line(String line) {
        if (line.isEmpty()) {
            if (dataSeen && !data.isEmpty()) {
                done = onData.test(data.toString());
            }
            data.setLength(0);
            dataSeen = false;
            return;
        }
        if (line.charAt(0) == ':') {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        if (!field.equals("data")) {
            return; // event, id and retry do not matter to a request/response exchange
        }
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (dataSeen) {
            data.append('\n');
        }
        data.append(value);
        dataSeen = true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
