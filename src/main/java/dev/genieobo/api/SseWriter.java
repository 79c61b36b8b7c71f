package dev.genieobo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@code data: <json>\n\n} events and the closing {@code data: [DONE]}, flushing
 * each; one at a time (events of a turn come from several threads).
 */
final class SseWriter {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final ObjectMapper mapper;

    SseWriter(OutputStream out, ObjectMapper mapper) {
        this.out = out;
        this.mapper = mapper;
    }

    synchronized void event(Object value) {
        try {
            out.write(DATA);
            out.write(mapper.writeValueAsBytes(value));
            out.write(END);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void done() {
        try {
            out.write(DONE);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
