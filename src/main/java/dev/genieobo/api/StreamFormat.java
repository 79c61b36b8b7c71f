package dev.genieobo.api;

/** How one wire format writes a turn as Server-Sent Events. */
interface StreamFormat {

    /** A turn's stream in this format, written to {@code sse}. */
    TurnStream open(SseWriter sse);
}
