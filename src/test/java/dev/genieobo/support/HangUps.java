package dev.genieobo.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A caller who hangs up in the middle of a turn, and what the simulated workspace's record
 * must show afterwards: the turn ended at once, its Genie session closed (and, on the
 * workspace's Genie, its answer cancelled as the caller).
 */
public final class HangUps {

    private HangUps() {
    }

    /**
     * Sends a turn on a raw socket to the test application and drops the connection (a reset,
     * at once) when {@code started} holds; returns when, on the clock of the record.
     */
    public static long hangUpWhen(Sim sim, String path, String json, String token, Callable<Boolean> started)
            throws Exception {
        try (Socket socket = RawMcp.post(path, token, null, json)) {
            await().atMost(Duration.ofSeconds(15)).until(started);
            long hungUp = sim.nowMicros();
            socket.setSoLinger(true, 0); // the caller is gone at once
            return hungUp;
        }
    }

    /** Genie's and the LLM's calls in the record. */
    public static List<Map<String, Object>> upstreamCalls(Sim sim) {
        return sim.calls().stream().filter(c -> "genie".equals(c.get("kind")) || "llm".equals(c.get("kind"))).toList();
    }

    /**
     * After a hang-up at {@code hungUp}: the turn's Genie sessions are closed within a second,
     * and no Genie or LLM request arrives more than a second after it.
     */
    public static void assertNothingOfTheTurnAfter(Sim sim, long hungUp, int sessionsBefore) {
        await().atMost(Duration.ofSeconds(1)).until(() -> sim.openGenieSessions() == sessionsBefore);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> upstreamCalls(sim).stream()
                .noneMatch(c -> ((Number) c.get("arrivedMicros")).longValue() > hungUp + 1_000_000));
    }

    /**
     * On the workspace's Genie, after a turn whose answer nobody waits for any more: the answer
     * was cancelled ({@code genie_cancel_response}) with the caller's {@code token}, and Genie
     * heard nothing more of the turn but the session's end.
     */
    public static void assertCancelledAsTheCallerThenNothing(Sim sim, String token) {
        await().atMost(Duration.ofSeconds(10)).until(() -> genieCalls(sim).stream()
                .anyMatch(c -> "DELETE".equals(c.get("rpcMethod"))));
        int ended = genieCalls(sim).size();
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3)).until(() -> genieCalls(sim).size() == ended);
        List<Map<String, Object>> genie = genieCalls(sim);
        int cancel = -1;
        for (int i = 0; i < genie.size(); i++) {
            if ("genie_cancel_response".equals(genie.get(i).get("tool"))) {
                cancel = i;
            }
        }
        assertTrue(cancel >= 0, "no genie_cancel_response: " + genie);
        Map<String, Object> call = genie.get(cancel);
        assertEquals("user", call.get("principalType"), call.toString());
        assertEquals(Sim.fingerprint(token), call.get("tokenSha256"), "cancelled with the caller's token");
        assertEquals("CANCELLED", call.get("genieStatus"), call.toString());
        List<Object> after = genie.subList(cancel + 1, genie.size()).stream().map(c -> c.get("rpcMethod")).toList();
        assertEquals(List.of("DELETE"), after, "nothing but the session's end after the cancel: " + genie);
        assertEquals(0, sim.openGenieSessions());
    }

    private static List<Map<String, Object>> genieCalls(Sim sim) {
        return sim.calls().stream().filter(c -> "genie".equals(c.get("kind"))).toList();
    }
}
