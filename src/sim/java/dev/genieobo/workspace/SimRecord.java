package dev.genieobo.workspace;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated workspace's record of what it answered: every call with its
 * timings ({@code GET/DELETE /sim/calls}), the calls whose latency still runs
 * ({@code pendingCalls} of {@code /sim/stats}) and the timings of streamed LLM
 * answers ({@code /sim/llm/streams}).
 */
final class SimRecord {

    private static final int MAX_RECORD = 200_000;
    private static final String ARRIVED = "sim.arrived";
    private static final long EPOCH = System.nanoTime();

    private final AtomicLong seq = new AtomicLong();
    private final ConcurrentLinkedDeque<SimCall> calls = new ConcurrentLinkedDeque<>();
    private final AtomicInteger recorded = new AtomicInteger();
    /** Genie and LLM requests that arrived and are not answered yet (their latency still runs). */
    private final AtomicInteger pending = new AtomicInteger();
    private final ConcurrentLinkedDeque<StreamTimes> streams = new ConcurrentLinkedDeque<>();
    private final AtomicLong streamSeq = new AtomicLong();

    /**
     * When a streamed LLM answer sent its first and last piece of text and ended, by the
     * wall clock (microseconds since the epoch), in the order the streams started.
     */
    static final class StreamTimes {
        public final long seq;
        public final boolean toolCalls;
        public volatile long firstTextEpochMicros;
        public volatile long lastTextEpochMicros;
        public volatile long doneEpochMicros;

        StreamTimes(long seq, boolean toolCalls) {
            this.seq = seq;
            this.toolCalls = toolCalls;
        }

        void text() {
            long now = SimulatedWorkspace.epochMicros();
            if (firstTextEpochMicros == 0) {
                firstTextEpochMicros = now;
            }
            lastTextEpochMicros = now;
        }

        void done() {
            doneEpochMicros = SimulatedWorkspace.epochMicros();
        }
    }

    /** Notes when a request arrived (before any simulated latency), for the record's timings. */
    void arrived(RoutingContext rc) {
        rc.put(ARRIVED, System.nanoTime());
        pending.incrementAndGet();
    }

    /**
     * Records a call as it is answered. A caller that hung up before the answer
     * (its request was abandoned) is recorded with status 499 instead.
     */
    void call(String kind, RoutingContext rc, SimulatedWorkspace.Caller caller, String spaceId, String rpcMethod,
            int status) {
        call(kind, rc, caller, spaceId, rpcMethod, status, null, null);
    }

    /** Records a Genie {@code tools/call} with its tool and the Genie status it answered. */
    void call(String kind, RoutingContext rc, SimulatedWorkspace.Caller caller, String spaceId, String rpcMethod,
            int status, String tool, String genieStatus) {
        if (recorded.incrementAndGet() > MAX_RECORD && calls.pollFirst() != null) { // size() would walk the deque
            recorded.decrementAndGet();
        }
        long now = System.nanoTime();
        Long arrived = rc.get(ARRIVED);
        if (arrived != null) {
            pending.decrementAndGet();
        }
        int answered = rc.response().closed() ? 499 : status;
        calls.addLast(new SimCall(seq.incrementAndGet(), kind, rc.request().method().name(), rc.request().path(),
                spaceId, rpcMethod, caller.principal(), caller.type(), caller.fingerprint(), answered,
                ((arrived == null ? now : arrived) - EPOCH) / 1000, (now - EPOCH) / 1000, tool, genieStatus,
                traceId(rc.request().getHeader("traceparent"))));
    }

    /** The trace id of a W3C {@code traceparent} ({@code 00-<trace id>-<parent id>-<flags>}), else null. */
    private static String traceId(String traceparent) {
        return traceparent != null && traceparent.length() >= 55 && traceparent.charAt(2) == '-'
                ? traceparent.substring(3, 35) : null;
    }

    /** Notes a streamed LLM answer starting; the record keeps the last 1000. */
    StreamTimes streamStarted(boolean toolCalls) {
        StreamTimes times = new StreamTimes(streamSeq.incrementAndGet(), toolCalls);
        streams.addLast(times);
        if (times.seq > 1000) {
            streams.pollFirst();
        }
        return times;
    }

    /** A copy of the recorded calls, oldest first. */
    List<SimCall> calls() {
        return new ArrayList<>(calls);
    }

    /** The recorded streamed LLM answers, oldest first. */
    List<StreamTimes> streams() {
        return List.copyOf(streams);
    }

    /** How many Genie and LLM requests arrived and are not answered yet. */
    int pending() {
        return pending.get();
    }

    /** The record's clock now: microseconds since the record began (the clock of a call's timings). */
    long nowMicros() {
        return (System.nanoTime() - EPOCH) / 1000;
    }

    /** Forgets every call and stream (the pending count stays: those calls are still on their way). */
    void clear() {
        calls.clear();
        streams.clear();
        recorded.set(0);
    }
}
