package org.gmmseg.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

/** JsonTrees must read and write exactly what databind's readTree and writeTree do. */
class JsonTreesTest {
    /** databind with the model files' factory: the reference. */
    private static final ObjectMapper DATABIND = new ObjectMapper(ModelFile.JSON);

    private static final String EVERY_KIND = "{\"int\": 7, \"negative\": -2147483648, \"long\": 2147483648,"
            + " \"big\": 123456789012345678901234567890, \"double\": 0.1, \"exponent\": -1.5e-300,"
            + " \"integralDouble\": 3.0, \"nan\": NaN, \"inf\": Infinity, \"minusInf\": -Infinity,"
            + " \"text\": \"a \\\"quoted\\\" \\u00e9\\n line\", \"empty\": \"\", \"yes\": true, \"no\": false,"
            + " \"nothing\": null, \"emptyObject\": {}, \"emptyArray\": [],"
            + " \"nested\": [[1, 2.5], {\"a\": [null, {\"b\": []}]}, \"x\"]}";

    @Test
    void readsTheTreeDatabindReads() throws IOException {
        JsonNode expected = DATABIND.readTree(EVERY_KIND);
        JsonNode actual;
        try (JsonParser parser = ModelFile.JSON.createParser(EVERY_KIND)) {
            actual = JsonTrees.read(parser);
            assertNull(parser.nextToken());
        }
        // JsonNode.equals compares node classes too: an IntNode is not a LongNode of the same value
        assertEquals(expected, actual);
        assertEquals(Double.doubleToRawLongBits(0.1), Double.doubleToRawLongBits(actual.get("double").doubleValue()));
        assertTrue(Double.isNaN(actual.get("nan").doubleValue()));
    }

    @Test
    void readAtTheEndOfTheInputIsNull() throws IOException {
        try (JsonParser parser = ModelFile.JSON.createParser("  ")) {
            assertNull(JsonTrees.read(parser));
        }
    }

    @Test
    void writesTheTextDatabindWrites() throws IOException {
        ObjectNode tree = (ObjectNode) DATABIND.readTree(EVERY_KIND);
        JsonNodeFactory f = JsonNodeFactory.instance;
        tree.set("float", f.numberNode(0.1f));
        tree.set("short", f.numberNode((short) -3));
        tree.set("decimal", f.numberNode(new BigDecimal("1.25E+3")));
        tree.set("bigInteger", f.numberNode(BigInteger.TEN.pow(30)));
        tree.set("binary", f.binaryNode(new byte[] {0, 1, 2, (byte) 255}));
        for (boolean pretty : new boolean[] {false, true}) {
            assertEquals(write(tree, pretty, true), write(tree, pretty, false));
        }
    }

    @Test
    void refusesNodesThatNeedDatabind() throws IOException {
        JsonNode pojo = JsonNodeFactory.instance.pojoNode(new Object());
        try (JsonGenerator g = ModelFile.JSON.createGenerator(new StringWriter())) {
            assertThrows(IllegalArgumentException.class, () -> JsonTrees.write(g, pojo));
        }
    }

    private static String write(JsonNode tree, boolean pretty, boolean databind) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = ModelFile.JSON.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(new RowPrettyPrinter());
            }
            if (databind) {
                DATABIND.writeTree(g, tree);
            } else {
                JsonTrees.write(g, tree);
            }
        }
        return out.toString();
    }
}
