package dev.genieobo.mcpserver;

import io.quarkiverse.mcp.server.GlobalInputSchemaGenerator;
import io.quarkiverse.mcp.server.GlobalOutputSchemaGenerator;
import io.quarkiverse.mcp.server.ToolManager.ToolArgument;
import io.quarkiverse.mcp.server.ToolManager.ToolInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * The input schemas of this server's tools: a JSON object schema whose properties are
 * the tool's arguments, each with its JSON type and description, and whose
 * {@code required} lists the required ones. Our only tool ({@code ask_genie}) takes
 * strings. It replaces the extension's default generator (victools' JSON Schema
 * generator over Jackson, about a hundred classes), which was built before the port
 * opened at every start, {@code /mcp} on or off, for schemas this simple. A type it
 * cannot name fails {@code tools/list} with a message rather than guess.
 */
@Singleton
public class ToolSchemas implements GlobalInputSchemaGenerator, GlobalOutputSchemaGenerator {

    private static final Map<Type, String> JSON_TYPES = Map.of(String.class, "string", Boolean.class, "boolean",
            boolean.class, "boolean", Integer.class, "integer", int.class, "integer", Long.class, "integer",
            long.class, "integer", Double.class, "number", double.class, "number");

    @Override
    public InputSchema generate(ToolInfo tool) {
        JsonObject properties = new JsonObject();
        JsonArray required = new JsonArray();
        for (ToolArgument argument : tool.arguments()) {
            String type = JSON_TYPES.get(argument.type());
            if (type == null) {
                throw new IllegalStateException("no JSON type for argument " + argument.name() + " of tool "
                        + tool.name() + " (" + argument.type().getTypeName() + ")");
            }
            JsonObject property = new JsonObject().put("type", type);
            if (argument.description() != null && !argument.description().isBlank()) {
                property.put("description", argument.description());
            }
            properties.put(argument.name(), property);
            if (argument.required()) {
                required.add(argument.name());
            }
        }
        JsonObject schema = new JsonObject().put("type", "object").put("properties", properties).put("required", required);
        return new InputSchema() {
            @Override
            public Object value() {
                return schema.getMap();
            }

            @Override
            public String asJson() {
                return schema.encode();
            }
        };
    }

    /** No tool of this server declares an output schema (its structured content is a plain map). */
    @Override
    public Object generate(Class<?> from) {
        throw new UnsupportedOperationException("no tool of genie-obo declares an output schema (" + from.getName() + ")");
    }
}
