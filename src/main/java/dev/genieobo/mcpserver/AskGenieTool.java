package dev.genieobo.mcpserver;

import dev.genieobo.agent.AgentLoop;
import dev.genieobo.agent.AgentTurn;
import dev.genieobo.agent.TurnListener;
import dev.genieobo.agent.TurnMessage;
import dev.genieobo.agent.TurnResult;
import dev.genieobo.api.ErrorMapping;
import dev.genieobo.api.GenieOutputs;
import dev.genieobo.api.HangUp;
import dev.genieobo.api.RequestIds;
import dev.genieobo.genie.GenieConnector;
import dev.genieobo.identity.CallerTokens;
import dev.genieobo.identity.Unauthenticated;
import dev.genieobo.identity.UserCredential;
import dev.genieobo.identity.VerifiedCaller;
import dev.genieobo.upstream.Deadline;
import io.quarkiverse.mcp.server.Progress;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolManager.ToolArguments;
import io.quarkiverse.mcp.server.ToolManager;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MCP tool {@code ask_genie}: the same agent turn as {@code /invocations},
 * as the caller of the MCP request. Each call takes the caller that {@link McpAuthGate}
 * verified for its own HTTP request (the token is not verified twice), makes that call's
 * credential and closes it when the call ends, so a client whose token changes between
 * calls gets the new identity. A call without a verified caller is refused. Failures of
 * the turn are tool results with {@code isError: true}.
 *
 * <p>Registered at startup so that the description can name the configured spaces.
 */
@ApplicationScoped
public class AskGenieTool {

    static final String NAME = "ask_genie";

    private final CallerTokens tokens;
    private final AgentLoop agent;
    private final GenieConnector genie;
    private final HttpServerRequest request;
    private final io.quarkus.vertx.http.runtime.CurrentVertxRequest current;

    public AskGenieTool(CallerTokens tokens, AgentLoop agent, GenieConnector genie, HttpServerRequest request,
            io.quarkus.vertx.http.runtime.CurrentVertxRequest current) {
        this.tokens = tokens;
        this.agent = agent;
        this.genie = genie;
        this.request = request;
        this.current = current;
    }

    void register(@Observes StartupEvent started, ToolManager tools) {
        tools.newTool(NAME)
                .setDescription(description())
                .addArgument("question", "The question, in natural language", true, String.class)
                .addArgument("conversation_id", "A Genie conversation id from an earlier answer, to ask a follow-up "
                        + "(applies to the first Genie space)", false, String.class)
                .setHandler(this::call, true)
                .register();
    }

    String description() {
        String who = genie.workspaceMode() ? "the workspace's Databricks Genie (it chooses the Genie space)"
                : "the Databricks Genie space(s) " + String.join(", ", genie.targets());
        return "Ask a question about company data. It is answered by " + who
                + " as you: only data your Unity Catalog permissions allow "
                + "is used. Returns the answer as text and, as structured content, the Genie conversation and "
                + "message ids, status and SQL per space.";
    }

    ToolResponse call(ToolArguments arguments) {
        VerifiedCaller caller = verifiedCaller();
        if (caller == null) { // only through the gate: no request, or one it did not pass
            ErrorMapping.Mapped refused = ErrorMapping.map(
                    Unauthenticated.invalidRequest("the call did not come through the verification of /mcp"));
            return ToolResponse.error(refused.error().errorCode() + ": " + refused.error().message());
        }
        Object question = arguments.args().get("question");
        if (!(question instanceof String text) || text.isBlank()) {
            return ToolResponse.error("'question' must be a non-empty string");
        }
        Object conversation = arguments.args().get("conversation_id");
        Map<String, String> conversations = conversation instanceof String id && !id.isBlank()
                ? Map.of(genie.targets().get(0), id) : Map.of();
        AgentTurn turn = new AgentTurn(
                List.of(new TurnMessage(TurnMessage.newId(), "user", text, List.of(), null, null)),
                genie.targets(), conversations, RequestIds.clean(request.getHeader("X-Request-Id")));
        Deadline deadline = agent.deadline();
        HangUp hangUp = current.getCurrent() == null ? null : current.getCurrent().get(McpAuthGate.HANG_UP);
        if (hangUp != null) {
            hangUp.then(deadline::cancel); // a client that drops the tool call's connection ends the turn
        }
        Progress progress = arguments.progress();
        TurnListener listener = progress.token().isPresent() ? new GenieProgress(progress) : TurnListener.NONE;
        try (CancellationWatch watch = CancellationWatch.start(arguments.cancellation(), deadline);
                UserCredential credential = tokens.open(caller, deadline)) {
            TurnResult result = agent.run(turn, credential, deadline, listener);
            return new ToolResponse(false, List.of(new TextContent(result.answer())), structured(result), null);
        } catch (RuntimeException failure) {
            ErrorMapping.Mapped mapped = ErrorMapping.map(failure);
            return ToolResponse.error(mapped.error().errorCode() + ": " + mapped.error().message());
        }
    }

    /** The caller the gate verified for this call's HTTP request, if it did. */
    private VerifiedCaller verifiedCaller() {
        io.vertx.ext.web.RoutingContext rc = current.getCurrent();
        return rc == null ? null : rc.get(McpAuthGate.VERIFIED);
    }

    /**
     * {@code notifications/progress} for a client that sent a {@code progressToken}: one
     * per change of Genie's status, with the status as the message. The MCP server then
     * answers the call on an event stream instead of a JSON body.
     */
    private static final class GenieProgress implements TurnListener {
        private final Progress progress;
        private final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();

        GenieProgress(Progress progress) {
            this.progress = progress;
        }

        @Override
        public void genieStatus(String messageId, dev.genieobo.agent.ToolCall call, String spaceId, String status) {
            progress.notificationBuilder().setProgress(count.incrementAndGet())
                    .setMessage(GenieConnector.label(spaceId) + ": " + status).build().sendAndForget();
        }
    }

    /** Plain maps and lists only: serialisable without reflection, also in a native executable. */
    private static Map<String, Object> structured(TurnResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("answer", result.answer());
        out.put("finish_reason", result.finishReason());
        out.put("genie", GenieOutputs.bySpace(result));
        out.put("unavailable_spaces", result.unavailableSpaces());
        return out;
    }
}
