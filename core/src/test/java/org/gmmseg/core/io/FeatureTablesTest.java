package org.gmmseg.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.gmmseg.core.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureTablesTest {
    private static final double[] SIX = {1, 2.5, -3, 4e-3, 5, 6};

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- CSV

    static Stream<Arguments> validCsv() {
        return Stream.of(
                Arguments.of("no header", "1,2.5,-3\n4e-3,5,6\n"),
                Arguments.of("header", "r,g,b\n1,2.5,-3\n4e-3,5,6\n"),
                Arguments.of("quoted header and spaces", "\"r\", \"g\" , \"b\"\n 1 , 2.5,-3\n4e-3,5,6"),
                Arguments.of("semicolon", "r;g;b\n1;2.5;-3\n4e-3;5;6\n"),
                Arguments.of("tab", "1\t2.5\t-3\n4e-3\t5\t6\n"),
                Arguments.of("CRLF and trailing blank lines", "1,2.5,-3\r\n4e-3,5,6\r\n\r\n  \n\n"),
                Arguments.of("byte order mark", "\uFEFFr,g,b\n1,2.5,-3\n4e-3,5,6\n"),
                Arguments.of("numpy savetxt header", "# r,g,b\n1.000000000000000000e+00,2.5,-3\n4e-3,5,6\n"),
                Arguments.of("pandas index header", ",g,b\n1,2.5,-3\n4e-3,5,6\n"),
                Arguments.of("quoted numbers", "\"1\",\"2.5\",\"-3\"\n4e-3,5,6\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCsv")
    void readsCsv(String name, String content) throws IOException {
        Samples samples = FeatureTables.read(write("t.csv", content));
        assertEquals(2, samples.size());
        assertEquals(3, samples.dimension());
        assertArrayEquals(SIX, samples.values());
        assertFalse(samples.weighted());
    }

    @Test
    void readsSingleColumnCsvAndUpperCaseExtension() throws IOException {
        Samples samples = FeatureTables.read(write("T.CSV", "value\n1\n2\n3\n"));
        assertEquals(1, samples.dimension());
        assertArrayEquals(new double[] {1, 2, 3}, samples.values());
    }

    @Test
    void readsCsvDoublesExactly() throws IOException {
        SplittableRandom rng = new SplittableRandom(1);
        double[] values = new double[3000];
        StringBuilder csv = new StringBuilder("a,b,c\n");
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextDouble(-1e6, 1e6) * Math.scalb(1, rng.nextInt(-40, 40));
            csv.append(values[i]).append(i % 3 == 2 ? "\n" : ",");
        }
        assertArrayEquals(values, FeatureTables.read(write("big.csv", csv.toString())).values());
    }

    static Stream<Arguments> malformedCsv() {
        return Stream.of(
                Arguments.of("a,b,c\n1,2,3\n4,5,6\n7,8,9\n1,2,3\n4,5,6\n7,8\n", "line 7 has 2 values, expected 3"),
                Arguments.of("1,2,3\n1,2,3,4\n", "line 2 has 4 values, expected 3"),
                Arguments.of("a,b,c\n1,2,3\n4,5,6\n7,abc,9\n", "line 4, column 2: 'abc' is not a number"),
                Arguments.of("1,2\n0x1p3,2\n", "line 2, column 1: '0x1p3' is not a number"),
                Arguments.of("1,2\n1.5f,2\n", "line 2, column 1: '1.5f' is not a number"),
                Arguments.of("1,2\n1,\n", "line 2, column 2 is empty"),
                Arguments.of("1,,3\n", "line 1, column 2 is empty"),
                Arguments.of("a,b\n1,2\n3,nan\n", "line 3, column 2: 'nan' is not finite"),
                Arguments.of("a,b\n1,-inf\n", "line 2, column 2: '-inf' is not finite"),
                Arguments.of("1,NaN\n", "line 1, column 2: 'NaN' is not finite"),
                Arguments.of("1,2\n1e400,2\n", "line 2, column 1: '1e400' is not finite"),
                Arguments.of("1,2\n\n3,4\n", "line 2 is blank (blank lines are only allowed at the end)"),
                Arguments.of("a,b,c\n", "no data rows"),
                Arguments.of("a,b,c\n\n\n", "no data rows"),
                Arguments.of("", "no data rows (the file is empty)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformedCsv")
    void malformedCsvFailsNamingFileAndLine(String content, String problem) throws IOException {
        Path file = write("t.csv", content);
        assertProblem(file, problem);
    }

    // ---------------------------------------------------------------- NPY

    @ParameterizedTest
    @ValueSource(strings = {"<f8", ">f8", "<f4", ">f4"})
    void readsNpyOfEachDtype(String descr) throws IOException {
        Path file = dir.resolve("x.npy");
        Files.write(file, npy(1, descr, false, "(2, 3)", SIX));
        Samples samples = FeatureTables.read(file);
        assertEquals(2, samples.size());
        assertEquals(3, samples.dimension());
        double[] expected = descr.endsWith("4") ? asFloats(SIX) : SIX;
        assertArrayEquals(expected, samples.values());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void readsNpyFormatVersions(int major) throws IOException {
        Path file = dir.resolve("x.npy");
        Files.write(file, npy(major, "<f8", false, "(3, 2)", SIX));
        assertEquals(2, FeatureTables.read(file).dimension());
        assertArrayEquals(SIX, FeatureTables.read(file).values());
    }

    @Test
    void readsNpyHeaderWrittenByPython2() throws IOException {
        Path file = dir.resolve("x.npy");
        Files.write(file, npy(1, "'descr': '<f8', 'fortran_order': False, 'shape': (3L, 2L)", SIX));
        assertArrayEquals(SIX, FeatureTables.read(file).values());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<f8", ">f4"})
    void readsLargeNpyAcrossChunks(String descr) throws IOException {
        SplittableRandom rng = new SplittableRandom(9);
        int rows = 150_001;
        double[] values = new double[rows * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextDouble(-100, 100);
        }
        Path file = dir.resolve("big.npy");
        Files.write(file, npy(1, descr, false, "(" + rows + ", 3)", values));
        double[] expected = descr.endsWith("4") ? asFloats(values) : values;
        assertArrayEquals(expected, FeatureTables.read(file).values());
    }

    @Test
    void npyTruncatedData() throws IOException {
        byte[] full = npy(1, "<f8", false, "(1000, 3)", new double[3000]);
        int header = full.length - 3000 * 8;
        Path file = dir.resolve("x.npy");
        Files.write(file, Arrays.copyOf(full, header + 1234 * 8 + 5));
        assertProblem(file, "truncated: expected 3000 values, found 1234");
    }

    static Stream<Arguments> malformedNpy() {
        byte[] good = npy(1, "<f8", false, "(3, 2)", SIX);
        return Stream.of(
                Arguments.of(npy(1, "<f8", false, "(5,)", new double[5]), "expected a 2-D array, got shape (5,)"),
                Arguments.of(npy(1, "<f8", false, "(1, 2, 3)", SIX), "expected a 2-D array, got shape (1, 2, 3)"),
                Arguments.of(npy(1, "<f8", false, "()", new double[1]), "expected a 2-D array, got shape ()"),
                Arguments.of(npy(1, "<f8", true, "(3, 2)", SIX), "Fortran order"),
                Arguments.of(npy(1, "<i8", false, "(3, 2)", SIX), "unsupported dtype '<i8' (expected float32 or float64"),
                Arguments.of(npy(1, "<f2", false, "(3, 2)", new double[0]), "unsupported dtype '<f2'"),
                Arguments.of(npy(1, "'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (3,)", new double[0]),
                        "structured arrays are not supported"),
                Arguments.of(npy(1, "'descr': '<f8', 'fortran_order': False", new double[0]),
                        "the header has no valid 'shape' entry"),
                Arguments.of(npy(1, "<f8", false, "(0, 3)", new double[0]), "no data rows (shape (0, 3))"),
                Arguments.of(npy(1, "<f8", false, "(3, 2)", new double[] {1, 2, 3, 4, Double.NaN, 6}),
                        "row 3, column 1 is NaN"),
                Arguments.of(npy(1, ">f4", false, "(2, 3)", new double[] {1, 2, 3, 4, 5, Double.NEGATIVE_INFINITY}),
                        "row 2, column 3 is -Infinity"),
                Arguments.of(npy(1, "<f8", false, "(2, 2)", SIX), "16 unexpected bytes after the 4 values"),
                Arguments.of(Arrays.copyOf(good, 40), "truncated header"),
                Arguments.of(Arrays.copyOf(good, 7), "truncated header (the file has only 7 bytes)"),
                Arguments.of(withVersion(good, 4), "unsupported .npy format version 4.0"),
                Arguments.of("a,b\n1,2\n".getBytes(StandardCharsets.US_ASCII), "not a NumPy .npy file"),
                Arguments.of(new byte[0], "not a NumPy .npy file"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformedNpy")
    void malformedNpyFailsNamingFile(byte[] content, String problem) throws IOException {
        Path file = dir.resolve("x.npy");
        Files.write(file, content);
        assertProblem(file, problem);
    }

    // ---------------------------------------------------------------- either

    @Test
    void unsupportedExtension() throws IOException {
        Path file = write("x.txt", "1,2\n");
        TableFormatException e = assertThrows(TableFormatException.class, () -> FeatureTables.read(file));
        assertEquals(file + ": unsupported table format (expected .csv or .npy)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing.csv", "missing.npy"})
    void missingFile(String name) {
        Path file = dir.resolve(name);
        TableFormatException e = assertThrows(TableFormatException.class, () -> FeatureTables.read(file));
        assertEquals(file + ": no such file", e.getMessage());
    }

    private void assertProblem(Path file, String problem) {
        TableFormatException e = assertThrows(TableFormatException.class, () -> FeatureTables.read(file));
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        assertTrue(message.contains(problem), () -> "expected '" + problem + "' in: " + message);
        assertFalse(message.contains("\n"), message);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static double[] asFloats(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    // ---------------------------------------------------------------- the .npy format, by hand

    /** An .npy file with the standard header dict for a simple dtype. */
    static byte[] npy(int major, String descr, boolean fortranOrder, String shape, double[] values) {
        String dict = "'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + shape;
        return npy(major, dict, values, descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
                descr.endsWith("4") ? 4 : 8);
    }

    /** An .npy file (little-endian float64 values) with the given dict entries. */
    static byte[] npy(int major, String dictEntries, double[] values) {
        return npy(major, dictEntries, values, ByteOrder.LITTLE_ENDIAN, 8);
    }

    /**
     * Per the NumPy format spec: magic, version, header length (uint16 LE for 1.0, uint32 LE
     * after), the dict literal padded with spaces and ended by a newline so the data starts at a
     * multiple of 64, then the raw values.
     */
    private static byte[] npy(int major, String dictEntries, double[] values, ByteOrder order, int itemSize) {
        int prefix = major == 1 ? 10 : 12;
        String dict = "{" + dictEntries + ", }";
        int unpadded = prefix + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] headerBytes = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(prefix + headerBytes.length + values.length * itemSize)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) headerBytes.length);
        } else {
            out.putInt(headerBytes.length);
        }
        out.put(headerBytes).order(order);
        for (double v : values) {
            if (itemSize == 8) {
                out.putDouble(v);
            } else {
                out.putFloat((float) v);
            }
        }
        assertEquals(0, (prefix + headerBytes.length) % 64, "data must start at a multiple of 64");
        return out.array();
    }

    private static byte[] withVersion(byte[] file, int major) {
        byte[] copy = file.clone();
        copy[6] = (byte) major;
        return copy;
    }
}
