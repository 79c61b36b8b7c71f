package dev.genieobo.upstream;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Incremental parser of a {@code text/event-stream} body (WHATWG SSE): feed it
 * bytes as they arrive, it hands each complete event's data to a listener.
 * Events with empty data (priming frames) and comments are skipped, but their
 * {@code id} still counts: {@link #lastEventId()} and {@link #retryMillis()} are what a
 * client needs to resume the stream (MCP 2025-11-25 primes streams that way). Bytes are
 * buffered until a line is complete, so multi-byte characters split across
 * chunks are decoded correctly.
 */
public final class SseParser {

    private final Predicate<String> onData;
    private final StringBuilder data = new StringBuilder();
    /** Bytes received but not yet part of a complete line: {@code buf[0..len)}, scanned up to {@code scanned}. */
    private byte[] buf = new byte[256];
    private int len;
    private int scanned;
    private boolean dataSeen;
    private boolean done;
    /** The id field of the event being read (null: none yet), and the last dispatched event's. */
    private String idBuffer;
    private String lastEventId;
    private long retryMillis = -1;

    /** @param onData gets each event's data; returns true to stop parsing */
    public SseParser(Predicate<String> onData) {
        this.onData = onData;
    }

    /**
     * @return true once the listener asked to stop. Each byte is looked at once, and a
     *         line that spans many chunks is not copied again per chunk.
     */
    public boolean feed(byte[] bytes) {
        if (done) {
            return true;
        }
        append(bytes);
        int start = 0;
        for (int i = scanned; i < len && !done; i++) {
            byte b = buf[i];
            if (b == '\n' || b == '\r') {
                int end = i;
                if (b == '\r' && i + 1 < len && buf[i + 1] == '\n') {
                    i++;
                } else if (b == '\r' && i + 1 == len) {
                    // a CR at the very end may be followed by LF in the next chunk: wait for it
                    scanned = i;
                    compact(start);
                    return false;
                }
                line(new String(buf, start, end - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        scanned = len;
        compact(start);
        return done;
    }

    private void append(byte[] bytes) {
        if (len + bytes.length > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + bytes.length));
        }
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    /** Drops the consumed lines (only when some were: a long partial line stays where it is). */
    private void compact(int start) {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, len - start);
            len -= start;
            scanned -= start;
        }
    }

    /** Dispatches a last event that was not followed by a blank line. */
    public boolean end() {
        if (!done && len > 0) {
            line(new String(buf, 0, len, StandardCharsets.UTF_8));
            len = 0;
            scanned = 0;
        }
        if (!done) {
            line("");
        }
        return done;
    }

    /** The id of the last event received, priming events included; null when none had one. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The server's last {@code retry} hint, in milliseconds; -1 when it gave none. */
    public long retryMillis() {
        return retryMillis;
    }

    private void line(String line) {
        if (line.isEmpty()) {
            if (idBuffer != null) {
                lastEventId = idBuffer; // WHATWG: set on dispatch, also for an event without data
            }
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
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("id")) {
            if (value.indexOf('\0') < 0) {
                idBuffer = value;
            }
            return;
        }
        if (field.equals("retry")) {
            if (!value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() < 10) {
                retryMillis = Long.parseLong(value);
            }
            return;
        }
        if (!field.equals("data")) {
            return; // event names do not matter to a request/response exchange
        }
        if (dataSeen) {
            data.append('\n');
        }
        data.append(value);
        dataSeen = true;
    }
}
