package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The questions the simulated Genie works on, by message id: asking one, what a
 * poll of it answers now (pending in a phase, or the terminal answer), and when
 * each was asked and answered ({@code /sim/genie/messages}).
 */
final class SimGenieMessages {

    /** A question Genie works on; its status is a function of time (or of polls, without an answer time). */
    private static final class Message {
        final String owner;
        final String conversationId;
        final String messageId;
        final SimData.Answer answer;
        final long askedNanos;
        final long askedEpochMicros;
        /** How long the answer takes; 0: the poll-count behaviour. */
        final long answerNanos;
        int pendingPolls;

        Message(String owner, String conversationId, String messageId, SimData.Answer answer, long answerNanos,
                int pendingPolls) {
            this.owner = owner;
            this.conversationId = conversationId;
            this.messageId = messageId;
            this.answer = answer;
            this.askedNanos = System.nanoTime();
            this.askedEpochMicros = SimulatedWorkspace.epochMicros();
            this.answerNanos = answerNanos;
            this.pendingPolls = pendingPolls;
        }

        /** When Genie has (or will have) its answer, in microseconds since the epoch; 0 without an answer time. */
        long completedEpochMicros() {
            return answerNanos == 0 ? 0 : askedEpochMicros + answerNanos / 1000;
        }
    }

    /**
     * The statuses on the way to an answer, in order (evidence: the Genie Conversation
     * API's status list, reference/databricks-wire.md sections 2 and 8), and the share of
     * the answer time after which each one ends (a guess: asking the AI and running the
     * query take longest).
     */
    static final List<String> PHASES = List.of("FETCHING_METADATA", "FILTERING_CONTEXT", "ASKING_AI",
            "PENDING_WAREHOUSE", "EXECUTING_QUERY");
    private static final double[] PHASE_ENDS = { 0.10, 0.20, 0.60, 0.70, 1.0 };

    private static final int MAX_ENTRIES = 50_000;

    private final SimulatedWorkspace ws;
    private final Map<String, Message> messages = new ConcurrentHashMap<>();

    SimGenieMessages(SimulatedWorkspace ws) {
        this.ws = ws;
    }

    /**
     * Asks Genie {@code question} in a conversation, as a new message of {@code owner}'s;
     * its first answer: terminal with {@code genieImmediate} (and no answer time), else pending.
     */
    ObjectNode ask(String owner, String conversationId, String question) {
        String messageId = UUID.randomUUID().toString().replace("-", "");
        long answerMs = ws.knobs.genieAnswerMs;
        if (answerMs > 0 && ws.knobs.genieAnswerJitterMs > 0) {
            answerMs += ThreadLocalRandom.current().nextLong(ws.knobs.genieAnswerJitterMs + 1);
        }
        Message message = new Message(owner, conversationId, messageId,
                SimData.answer(owner, question), answerMs * 1_000_000, ws.knobs.geniePendingPolls);
        if (messages.size() > MAX_ENTRIES) {
            messages.clear();
        }
        messages.put(messageId, message);
        boolean immediate = answerMs == 0 && ws.knobs.genieImmediate;
        return immediate ? payload(message) : pendingOrDone(message, false);
    }

    /** What a poll of a message answers now; null when {@code owner} has no such message in that conversation. */
    ObjectNode poll(String owner, String conversationId, String messageId) {
        Message message = messages.get(messageId);
        if (message == null || !message.owner.equals(owner) || !message.conversationId.equals(conversationId)) {
            return null;
        }
        return pendingOrDone(message, true);
    }

    /** Every question with an answer time: when it was asked and when Genie had its answer. */
    List<Map<String, Object>> times() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Message m : messages.values()) {
            if (m.answerNanos > 0) {
                out.add(Map.of("messageId", m.messageId, "askedEpochMicros", m.askedEpochMicros,
                        "completedEpochMicros", m.completedEpochMicros()));
            }
        }
        return out;
    }

    /**
     * The status of a message now: with an answer time, the phase its elapsed time is
     * in (or terminal once the time is up); without, {@code EXECUTING_QUERY} while polls
     * are pending (a poll uses one up).
     */
    private ObjectNode pendingOrDone(Message message, boolean poll) {
        if (message.answerNanos > 0) {
            double elapsed = (double) (System.nanoTime() - message.askedNanos) / message.answerNanos;
            for (int i = 0; i < PHASES.size(); i++) {
                if (elapsed < PHASE_ENDS[i]) {
                    return pending(message, PHASES.get(i));
                }
            }
            return payload(message);
        }
        if (!poll) {
            return pending(message, "EXECUTING_QUERY");
        }
        synchronized (message) {
            if (message.pendingPolls > 0) {
                message.pendingPolls--;
                return pending(message, "EXECUTING_QUERY");
            }
        }
        return payload(message);
    }

    private ObjectNode pending(Message message, String status) {
        ObjectNode out = ws.mapper.createObjectNode();
        out.putObject("content").putArray("queryAttachments");
        out.put("conversationId", message.conversationId);
        out.put("messageId", message.messageId);
        out.put("status", status);
        return out;
    }

    /** The terminal Genie answer in the managed MCP format (camelCase outside, snake_case in statement_response). */
    private ObjectNode payload(Message message) {
        SimData.Answer answer = message.answer;
        ObjectNode out = ws.mapper.createObjectNode();
        ObjectNode content = out.putObject("content");
        ArrayNode attachments = content.putArray("queryAttachments");
        if (answer.sql() != null) {
            ObjectNode attachment = attachments.addObject();
            attachment.put("query", answer.sql());
            attachment.put("description", answer.description());
            ObjectNode statement = attachment.putObject("statement_response");
            statement.put("statement_id", "stmt-" + message.messageId);
            statement.putObject("status").put("state", "SUCCEEDED");
            ObjectNode manifest = statement.putObject("manifest");
            ArrayNode columns = manifest.putObject("schema").putArray("columns");
            answer.columns().forEach(c -> columns.addObject().put("name", c).put("type_name",
                    c.equals("region") || c.equals("product") ? "STRING" : "LONG"));
            manifest.put("total_row_count", answer.rows().size());
            manifest.put("truncated", false);
            ArrayNode data = statement.putObject("result").putArray("data_array");
            boolean arrays = "arrays".equals(ws.knobs.rowShape);
            for (List<String> row : answer.rows()) {
                if (arrays) {
                    ArrayNode r = data.addArray();
                    row.forEach(r::add);
                } else {
                    ArrayNode values = data.addObject().putArray("values");
                    row.forEach(v -> values.addObject().put("string_value", v));
                }
            }
        }
        content.putArray("textAttachments").add(answer.text());
        content.putArray("suggestedQuestions").add("What is the amount by product?");
        out.put("conversationId", message.conversationId);
        out.put("messageId", message.messageId);
        out.put("status", answer.status());
        return out;
    }
}
