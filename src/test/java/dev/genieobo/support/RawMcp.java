package dev.genieobo.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The function's own endpoints driven by hand, for tests that need what a client library
 * hides: an MCP session opened with plain requests, notifications, and requests written on
 * a socket the test keeps open (to hang up, or to cancel while the call runs).
 */
public final class RawMcp {

    /** The revision these requests speak. */
    public static final String VERSION = "2025-06-18";
    /** A tools/call of ask_genie with JSON-RPC id 42. */
    public static final String ASK_GENIE = "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"ask_genie\",\"arguments\":{\"question\":\"What is the total sales amount?\"}}}";
    /** The notification that cancels the call {@link #ASK_GENIE}. */
    public static final String CANCEL_ASK_GENIE = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
            + "\"params\":{\"requestId\":42,\"reason\":\"the user stopped waiting\"}}";

    private RawMcp() {
    }

    /** {@code initialize} with {@code token} (the response, whatever its status). */
    public static Response initialize(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json")
                .header("Accept", "application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + VERSION
                        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}")
                .post("/mcp");
    }

    /** A request or notification in the session (the response, whatever its status). */
    public static Response send(String token, String session, String json) {
        return given().header("Authorization", "Bearer " + token).header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", VERSION).header("Accept", "application/json, text/event-stream")
                .contentType("application/json").body(json).post("/mcp");
    }

    /** An initialized session of {@code token}'s: its id. */
    public static String session(String token) {
        Response initialized = initialize(token);
        initialized.then().statusCode(200);
        String session = initialized.header("Mcp-Session-Id");
        send(token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").then().statusCode(202);
        return session;
    }

    /**
     * Writes a POST with {@code token} (and the session's headers when {@code session} is
     * not null) on a new socket to the test application and returns the socket, open: the
     * caller decides when it goes.
     */
    public static Socket post(String path, String token, String session, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket("localhost", io.restassured.RestAssured.port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + (session == null ? "" : "\r\nMcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: " + VERSION)
                + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream"
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }
}
