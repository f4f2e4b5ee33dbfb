package org.gmmseg.core.io;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Jackson trees read from a {@link JsonParser} and written to a {@link JsonGenerator} with
 * jackson-core alone, the node types databind's own {@code readTree} and {@code writeTree} use.
 * Why not an {@code ObjectMapper}: making the first one loads and sets up about 500 classes,
 * some 50 ms at the start of every command, several times what reading or writing a model takes.
 */
final class JsonTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /**
     * The next value of {@code parser} as a tree, or null at the end of the input. Integers
     * become int, long or BigInteger nodes by size, other numbers double nodes (NaN and the
     * infinities where the parser allows them), as databind's default {@code readTree}.
     */
    static JsonNode read(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        return token == null ? null : value(parser, token);
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode node = NODES.objectNode();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    node.set(name, value(parser, parser.nextToken()));
                }
                return node;
            }
            case START_ARRAY: {
                ArrayNode node = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    node.add(value(parser, t));
                }
                return node;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return NODES.numberNode(parser.getIntValue());
                    case LONG:
                        return NODES.numberNode(parser.getLongValue());
                    default:
                        return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                // END_OBJECT, END_ARRAY, FIELD_NAME where a value belongs: the parser reports
                // those itself; an embedded object cannot come from JSON text
                throw new IllegalStateException("unexpected token " + token);
        }
    }

    /** Writes {@code node} and everything under it, numbers in the types they hold. */
    static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    g.writeFieldName(field.getKey());
                    write(g, field.getValue());
                }
                g.writeEndObject();
                return;
            case ARRAY:
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
                return;
            case STRING:
                g.writeString(node.textValue());
                return;
            case NUMBER:
                switch (node.numberType()) {
                    case INT:
                        g.writeNumber(node.intValue());
                        return;
                    case LONG:
                        g.writeNumber(node.longValue());
                        return;
                    case BIG_INTEGER:
                        g.writeNumber(node.bigIntegerValue());
                        return;
                    case FLOAT:
                        g.writeNumber(node.floatValue());
                        return;
                    case DOUBLE:
                        g.writeNumber(node.doubleValue());
                        return;
                    default:
                        g.writeNumber(node.decimalValue());
                        return;
                }
            case BOOLEAN:
                g.writeBoolean(node.booleanValue());
                return;
            case NULL:
                g.writeNull();
                return;
            case BINARY:
                g.writeBinary(node.binaryValue());
                return;
            default:
                // a POJO node needs databind to serialise it; a missing node is no value at all
                throw new IllegalArgumentException("cannot write a " + node.getNodeType() + " node as JSON");
        }
    }
}
