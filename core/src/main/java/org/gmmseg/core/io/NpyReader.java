package org.gmmseg.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.gmmseg.core.io.FeatureTables.Table;

/**
 * Reads a 2-D float32 or float64 array from a NumPy {@code .npy} file (format versions 1.0, 2.0
 * and 3.0, https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): the magic
 * string, the version, the header length, a Python dict literal with {@code descr},
 * {@code fortran_order} and {@code shape}, then the raw values. The values are read in large
 * chunks through a {@link FileChannel}, without per-value allocation. One instance per file; not
 * thread-safe.
 */
final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;
    /** descr as a quoted string, or the opening bracket of a structured dtype's list. */
    private static final Pattern DESCR = entry("descr", "'([^']*)'|\"([^\"]*)\"|(\\[)");
    private static final Pattern FORTRAN_ORDER = entry("fortran_order", "(True|False)");
    private static final Pattern SHAPE = entry("shape", "\\(([^)]*)\\)");

    private final String name;

    /** What the header says: where the values start, their encoding and the array's shape. */
    private record Header(long dataOffset, ByteOrder order, int itemSize, long rows, long columns) {
        long count() {
            return rows * columns;
        }
    }

    private NpyReader(String name) {
        this.name = name;
    }

    /** Reads the array at path; {@code name} starts every error message. */
    static Table read(Path path, String name) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return new NpyReader(name).read(channel);
        }
    }

    private Table read(FileChannel channel) throws IOException {
        Header header = header(channel);
        checkDataSize(channel.size() - header.dataOffset(), header);
        double[] values = new double[(int) header.count()];
        readValues(channel, header, values);
        return new Table(values, (int) header.columns()); // Samples checks that every value is finite
    }

    // ---------------------------------------------------------------- header

    private Header header(FileChannel channel) throws IOException {
        ByteBuffer preamble = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        int read = readFully(channel, preamble, 0);
        if (read < MAGIC.length || !Arrays.equals(Arrays.copyOf(preamble.array(), MAGIC.length), MAGIC)) {
            throw error("not a NumPy .npy file (it does not start with \\x93NUMPY)");
        }
        if (read < 8) {
            throw error("truncated header (the file has only " + read + " bytes)");
        }
        int major = preamble.get(6);
        int minor = preamble.get(7);
        if (major < 1 || major > 3 || minor != 0) {
            throw error("unsupported .npy format version " + major + "." + minor
                    + " (this gmmseg reads 1.0, 2.0 and 3.0)");
        }
        int prefix = major == 1 ? 10 : 12;
        if (read < prefix) {
            throw error("truncated header (the file has only " + read + " bytes)");
        }
        long length = major == 1 ? Short.toUnsignedInt(preamble.getShort(8)) : Integer.toUnsignedLong(preamble.getInt(8));
        String dict = headerText(channel, prefix, length, major);
        return parseHeader(dict, prefix + length);
    }

    private String headerText(FileChannel channel, int offset, long length, int major) throws IOException {
        if (length > channel.size() - offset) {
            throw error("truncated header (it should have " + length + " bytes, the file has "
                    + Math.max(0, channel.size() - offset) + " after the preamble)");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) length);
        readFully(channel, bytes, offset);
        return new String(bytes.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    private Header parseHeader(String dict, long dataOffset) {
        String descr = descr(dict);
        boolean fortranOrder = find(FORTRAN_ORDER, dict, "fortran_order").equals("True");
        if (fortranOrder) {
            throw error("the array is stored in Fortran order; save it in C order "
                    + "(numpy.ascontiguousarray) and try again");
        }
        long[] shape = shape(find(SHAPE, dict, "shape"));
        return new Header(dataOffset, descr.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN,
                descr.charAt(2) - '0', shape[0], shape[1]);
    }

    private String descr(String dict) {
        Matcher m = match(DESCR, dict, "descr");
        if (m.group(3) != null) {
            throw error("unsupported dtype: structured arrays are not supported (expected float32 or float64)");
        }
        String descr = m.group(1) != null ? m.group(1) : m.group(2);
        if (!descr.matches("[<>]f[48]")) {
            throw error("unsupported dtype '" + descr + "' (expected float32 or float64: '<f4', '<f8', '>f4' or '>f8')");
        }
        return descr;
    }

    /** Rows and columns of a 2-D shape tuple such as {@code (3, 2)}. */
    private long[] shape(String tuple) {
        String[] parts = Arrays.stream(tuple.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toArray(String[]::new);
        long[] dims = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            dims[i] = dimension(parts[i], tuple);
        }
        String text = shapeText(dims);
        if (dims.length != 2) {
            throw error("expected a 2-D array, got shape " + text);
        }
        if (dims[0] == 0) {
            throw error("no data rows (shape " + text + ")");
        }
        if (dims[1] == 0) {
            throw error("the rows have no values (shape " + text + ")");
        }
        if (dims[0] > MAX_VALUES / dims[1]) {
            throw error("shape " + text + " has more than " + MAX_VALUES + " values; too large for one table");
        }
        return dims;
    }

    private long dimension(String part, String tuple) {
        String digits = part.endsWith("L") ? part.substring(0, part.length() - 1) : part; // Python 2 longs
        try {
            long dim = Long.parseLong(digits);
            if (dim >= 0) {
                return dim;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error("invalid shape (" + tuple + ") in the header");
    }

    /** A shape as Python prints it: (5,), (3, 2). */
    private static String shapeText(long[] dims) {
        String joined = Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", "));
        return "(" + joined + (dims.length == 1 ? ",)" : ")");
    }

    private static Pattern entry(String key, String value) {
        return Pattern.compile("['\"]" + key + "['\"]\\s*:\\s*(?:" + value + ")");
    }

    /** The key's entry in the header dict. */
    private Matcher match(Pattern pattern, String dict, String key) {
        Matcher m = pattern.matcher(dict);
        if (!m.find()) {
            throw error("the header has no valid '" + key + "' entry (corrupt file?)");
        }
        return m;
    }

    /** The value of a key whose pattern has a single group. */
    private String find(Pattern pattern, String dict, String key) {
        return match(pattern, dict, key).group(1);
    }

    // ---------------------------------------------------------------- values

    private void checkDataSize(long available, Header header) {
        long expected = header.count() * header.itemSize();
        if (available < expected) {
            throw error("truncated: expected " + header.count() + " values, found "
                    + Math.max(0, available) / header.itemSize());
        }
        if (available > expected) {
            throw error((available - expected) + " unexpected bytes after the " + header.count()
                    + " values of shape (" + header.rows() + ", " + header.columns() + ") (corrupt file?)");
        }
    }

    /** Reads the values chunk by chunk, converting from the file's byte order and width. */
    private void readValues(FileChannel channel, Header header, double[] out) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(header.order());
        long position = header.dataOffset();
        int filled = 0;
        while (filled < out.length) {
            int read = channel.read(chunk, position);
            if (read < 0) {
                throw error("truncated: expected " + out.length + " values, found " + filled);
            }
            position += read;
            chunk.flip();
            int n = Math.min(chunk.remaining() / header.itemSize(), out.length - filled);
            decode(chunk, header.itemSize(), out, filled, n);
            filled += n;
            chunk.compact();
        }
    }

    /** Decodes n values from the chunk into out[offset..offset+n) and advances the chunk. */
    private static void decode(ByteBuffer chunk, int itemSize, double[] out, int offset, int n) {
        if (itemSize == Double.BYTES) {
            chunk.asDoubleBuffer().get(out, offset, n);
        } else {
            FloatBuffer floats = chunk.asFloatBuffer();
            for (int i = 0; i < n; i++) {
                out[offset + i] = floats.get(i);
            }
        }
        chunk.position(chunk.position() + n * itemSize);
    }

    /** Reads from position until the buffer is full or the file ends; returns the bytes read. */
    private static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private TableFormatException error(String problem) {
        return new TableFormatException(name + ": " + problem);
    }
}
