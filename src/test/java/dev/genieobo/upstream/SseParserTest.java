package dev.genieobo.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The event-stream parser, fed in awkward pieces. */
@Timeout(10)
class SseParserTest {

    private static List<String> parse(byte[] stream, int piece) {
        List<String> events = new ArrayList<>();
        SseParser parser = new SseParser(data -> {
            events.add(data);
            return false;
        });
        for (int i = 0; i < stream.length; i += piece) {
            parser.feed(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + piece)));
        }
        parser.end();
        return events;
    }

    @Test
    void eventsSplitAnywhereComeOutWhole() {
        byte[] stream = ("event: message\r\ndata: {\"a\":\"é€\"}\r\n\r\n: comment\n\ndata: one\ndata: two\r\r"
                + "id: 7\nretry: 10\ndata: last").getBytes(StandardCharsets.UTF_8);
        for (int piece = 1; piece <= stream.length; piece++) {
            assertEquals(List.of("{\"a\":\"é€\"}", "one\ntwo", "last"), parse(stream, piece), "pieces of " + piece);
        }
    }

    @Test
    void aLineLongerThanManyChunksIsKeptInOnePiece() {
        String big = "x".repeat(3_000_000);
        byte[] stream = ("data: " + big + "\n\ndata: after\n\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(big, "after"), parse(stream, 65_536));
    }

    @Test
    void thePrimingEventsIdAndTheRetryHintAreKeptToResumeBy() {
        // MCP 2025-11-25: an event id with empty data primes the stream, then the server may end it
        byte[] stream = "id: prime-1\nretry: 250\ndata:\n\n".getBytes(StandardCharsets.UTF_8);
        for (int piece = 1; piece <= stream.length; piece++) {
            SseParser parser = new SseParser(data -> true);
            for (int i = 0; i < stream.length; i += piece) {
                parser.feed(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + piece)));
            }
            parser.end();
            assertEquals("prime-1", parser.lastEventId(), "pieces of " + piece);
            assertEquals(250, parser.retryMillis());
        }
        SseParser later = new SseParser(data -> false);
        later.feed("id: a\ndata: x\n\nid: b\ndata: y\n\nretry: soon\n\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("b", later.lastEventId(), "the last dispatched event's id");
        assertEquals(-1, later.retryMillis(), "a retry that is not a number is ignored");
    }
}
