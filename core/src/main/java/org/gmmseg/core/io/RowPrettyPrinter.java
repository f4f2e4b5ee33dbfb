package org.gmmseg.core.io;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;

/**
 * Pretty-prints JSON with one object entry per line and arrays of numbers on one line, so a
 * matrix reads as one row per line:
 *
 * <pre>
 * "means": [
 *   [0.5, 1.25],
 *   [3.0, 4.0]
 * ]
 * </pre>
 *
 * <p>An array breaks onto several lines when its first element is an array or object. The
 * generator only says so when that element starts, so the decision is taken then. Stateful: one
 * instance per generator.
 */
final class RowPrettyPrinter implements PrettyPrinter {
    private static final String INDENT = "  ";

    /** Layout of an open container. */
    private enum Mode {
        OBJECT,
        /** An array whose first element has not started yet. */
        ARRAY_PENDING,
        /** An array written on one line. */
        ARRAY_INLINE,
        /** An array with one element per line. */
        ARRAY_BROKEN
    }

    private final Deque<Mode> open = new ArrayDeque<>();

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        breakPendingArray(g);
        g.writeRaw('{');
        open.push(Mode.OBJECT);
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        newLine(g, open.size());
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        newLine(g, open.size());
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
        open.pop();
        if (entries > 0) {
            newLine(g, open.size());
        }
        g.writeRaw('}');
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        breakPendingArray(g);
        g.writeRaw('[');
        open.push(Mode.ARRAY_PENDING);
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) {
        // the layout is decided when the first element turns out to be a container or not
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        if (open.peek() == Mode.ARRAY_BROKEN) {
            newLine(g, open.size());
        } else {
            replaceTop(Mode.ARRAY_INLINE);
            g.writeRaw(' ');
        }
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
        Mode mode = open.pop();
        if (mode == Mode.ARRAY_BROKEN) {
            newLine(g, open.size());
        }
        g.writeRaw(']');
    }

    /** A container starting as the first element of an array puts that array one element per line. */
    private void breakPendingArray(JsonGenerator g) throws IOException {
        if (open.peek() == Mode.ARRAY_PENDING) {
            replaceTop(Mode.ARRAY_BROKEN);
            newLine(g, open.size());
        }
    }

    private void replaceTop(Mode mode) {
        open.pop();
        open.push(mode);
    }

    private static void newLine(JsonGenerator g, int depth) throws IOException {
        g.writeRaw('\n');
        for (int i = 0; i < depth; i++) {
            g.writeRaw(INDENT);
        }
    }
}
