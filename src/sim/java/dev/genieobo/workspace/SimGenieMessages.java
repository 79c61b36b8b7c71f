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
 * poll of it answers now (pending in a phase, or the terminal answer), cancelling
 * one, and when each was asked and answered ({@code /sim/genie/messages}). A
 * conversation belongs to the user who started it: another user's id is refused.
 * A space's answers have the managed MCP server's form (camelCase ids, the rows
 * inline); the workspace Genie's have the form {@link SimGenieOne} describes.
 */
final class SimGenieMessages {

    /** A question Genie works on; its status is a function of time (or of polls, without an answer time). */
    private static final class Message {
        final String owner;
        final String conversationId;
        final String messageId;
        final SimData.Answer answer;
        /** The space that answers it. */
        final String space;
        /** Asked through the workspace's Genie: its answer form. */
        final boolean workspace;
        volatile boolean cancelled;
        /** A poll has answered the terminal answer (without an answer time). */
        volatile boolean answered;
        final long askedNanos;
        final long askedEpochMicros;
        /** How long the answer takes; 0: the poll-count behaviour. */
        final long answerNanos;
        int pendingPolls;

        Message(String owner, String conversationId, String messageId, SimData.Answer answer, String space,
                boolean workspace, long answerNanos, int pendingPolls) {
            this.owner = owner;
            this.conversationId = conversationId;
            this.messageId = messageId;
            this.answer = answer;
            this.space = space;
            this.workspace = workspace;
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
     * API's status list, docs/workspace.md "Answers take time"), and the share of
     * the answer time after which each one ends (a guess: asking the AI and running the
     * query take longest).
     */
    static final List<String> PHASES = List.of("FETCHING_METADATA", "FILTERING_CONTEXT", "ASKING_AI",
            "PENDING_WAREHOUSE", "EXECUTING_QUERY");
    private static final double[] PHASE_ENDS = { 0.10, 0.20, 0.60, 0.70, 1.0 };

    private static final int MAX_ENTRIES = 50_000;

    private final SimulatedWorkspace ws;
    private final Map<String, Message> messages = new ConcurrentHashMap<>();
    /** Who started each conversation. */
    private final Map<String, String> conversations = new ConcurrentHashMap<>();

    SimGenieMessages(SimulatedWorkspace ws) {
        this.ws = ws;
    }

    /**
     * Whether {@code owner} may ask in that conversation: a new one (null), or one they
     * started. Genie keeps conversations per user (evidence: the Conversation API's
     * conversations belong to their creator; the refusal's form here is a guess).
     */
    boolean mayContinue(String owner, String conversationId) {
        return conversationId == null || owner.equals(conversations.get(conversationId));
    }

    /** Genie's refusal of a conversation id the caller did not start. */
    static String notYours(String conversationId) {
        return "BAD_REQUEST: Conversation " + conversationId.replaceAll("[^A-Za-z0-9-]", "")
                + " does not exist or you do not have access to it.";
    }

    /** A new conversation id, or the given one; {@code owner} owns it from now. */
    String conversation(String owner, String conversationId) {
        String id = conversationId != null ? conversationId : UUID.randomUUID().toString().replace("-", "");
        if (conversations.size() > MAX_ENTRIES) {
            conversations.clear();
        }
        conversations.putIfAbsent(id, owner);
        return id;
    }

    /**
     * Asks the Sales space {@code question} in a conversation, as a new message of
     * {@code owner}'s; its first answer: terminal with {@code genieImmediate} (and no
     * answer time), else pending.
     */
    ObjectNode ask(String owner, String conversationId, String question) {
        return ask(owner, conversationId, question, SimulatedWorkspace.SALES_SPACE, false);
    }

    /** The same, answered by {@code space}, in the workspace Genie's form when {@code workspace}. */
    ObjectNode ask(String owner, String conversationId, String question, String space, boolean workspace) {
        String messageId = UUID.randomUUID().toString().replace("-", "");
        long answerMs = ws.knobs.genieAnswerMs;
        if (answerMs > 0 && ws.knobs.genieAnswerJitterMs > 0) {
            answerMs += ThreadLocalRandom.current().nextLong(ws.knobs.genieAnswerJitterMs + 1);
        }
        Message message = new Message(owner, conversation(owner, conversationId), messageId,
                SimData.answer(owner, question, space), space, workspace, answerMs * 1_000_000,
                ws.knobs.geniePendingPolls);
        if (messages.size() > MAX_ENTRIES) {
            messages.clear();
        }
        messages.put(messageId, message);
        boolean immediate = answerMs == 0 && ws.knobs.genieImmediate;
        if (immediate) {
            message.answered = true;
            return payload(message);
        }
        return pendingOrDone(message, false);
    }

    /** What a poll of a message answers now; null when {@code owner} has no such message in that conversation. */
    ObjectNode poll(String owner, String conversationId, String messageId) {
        Message message = find(owner, conversationId, messageId);
        return message == null ? null : pendingOrDone(message, true);
    }

    /**
     * Stops Genie working on a message: its status is {@code CANCELLED} from now, unless
     * it had finished already. Null when {@code owner} has no such message.
     */
    ObjectNode cancel(String owner, String conversationId, String messageId) {
        Message message = find(owner, conversationId, messageId);
        if (message == null) {
            return null;
        }
        if (!SimData.TERMINAL.contains(current(message).path("status").asText())) {
            message.cancelled = true;
        }
        return current(message);
    }

    /**
     * The query result of a finished message ({@code {"statement_response": ...}}, the
     * Conversation API's query-result form); null when there is no such message or it
     * has no query result (yet).
     */
    ObjectNode result(String owner, String conversationId, String messageId) {
        Message message = find(owner, conversationId, messageId);
        if (message == null || message.answer.sql() == null
                || !"COMPLETED".equals(current(message).path("status").asText())) {
            return null;
        }
        ObjectNode out = ws.mapper.createObjectNode();
        statement(out.putObject("statement_response"), message);
        return out;
    }

    private Message find(String owner, String conversationId, String messageId) {
        Message message = messages.get(messageId);
        if (message == null || !message.owner.equals(owner) || !message.conversationId.equals(conversationId)) {
            return null;
        }
        return message;
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
        if (message.cancelled) {
            return cancelled(message);
        }
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
        message.answered = true;
        return payload(message);
    }

    /** The status of a message now, using up no poll (for a cancel or a query result). */
    private ObjectNode current(Message message) {
        if (message.cancelled) {
            return cancelled(message);
        }
        if (message.answerNanos > 0) {
            return pendingOrDone(message, false);
        }
        return message.answered ? payload(message) : pending(message, "EXECUTING_QUERY");
    }

    private ObjectNode pending(Message message, String status) {
        ObjectNode out = ws.mapper.createObjectNode();
        out.putObject("content").putArray("queryAttachments");
        return ids(out, message, status);
    }

    private ObjectNode cancelled(Message message) {
        ObjectNode out = ws.mapper.createObjectNode();
        ObjectNode content = out.putObject("content");
        content.putArray("queryAttachments");
        content.putArray("textAttachments").add("The response was cancelled.");
        return ids(out, message, "CANCELLED");
    }

    /** The ids and status: camelCase from a space, snake_case with {@code response_id} and {@code space_id} from the workspace's Genie. */
    private static ObjectNode ids(ObjectNode out, Message message, String status) {
        if (message.workspace) {
            out.put("conversation_id", message.conversationId);
            out.put("response_id", message.messageId);
            out.put("space_id", message.space);
        } else {
            out.put("conversationId", message.conversationId);
            out.put("messageId", message.messageId);
        }
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
            if (!message.workspace) { // the workspace's Genie hands the rows out with genie_get_query_result
                statement(attachment.putObject("statement_response"), message);
            }
        }
        content.putArray("textAttachments").add(answer.text());
        content.putArray("suggestedQuestions").add("What is the amount by product?");
        return ids(out, message, answer.status());
    }

    private void statement(ObjectNode statement, Message message) {
        SimData.Answer answer = message.answer;
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
}
