package org.gmmseg.segmentation.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PngEncoderTest {
    @TempDir
    Path dir;

    /** Noise does not compress, so these files need several IDAT chunks of at most 64 KiB. */
    @ParameterizedTest(name = "maxLabel={0}")
    @ValueSource(ints = {255, 65535})
    void noisyLabelsNeedSeveralDataChunksAndStillRoundTrip(int maxLabel) throws IOException {
        int w = 411;
        int h = 307;
        ArrayImg<IntType, ?> labels = ArrayImgs.ints(w, h);
        Random random = new Random(5);
        labels.forEach(t -> t.set(random.nextInt(maxLabel + 1)));
        Path file = dir.resolve("noise.png");

        ImageWriter.writeLabels(file, labels, MaskFormat.PNG, maxLabel);

        List<Chunk> chunks = chunks(file);
        assertEquals("IHDR", chunks.get(0).type);
        assertEquals("IEND", chunks.get(chunks.size() - 1).type);
        long idats = chunks.stream().filter(c -> c.type.equals("IDAT")).count();
        assertTrue(idats >= 2, idats + " IDAT chunks");
        assertEquals(chunks.size() - 2, idats, "only IHDR, IDAT and IEND");
        ByteBuffer ihdr = ByteBuffer.wrap(chunks.get(0).data);
        assertEquals(w, ihdr.getInt());
        assertEquals(h, ihdr.getInt());
        assertEquals(maxLabel > 255 ? 16 : 8, ihdr.get());
        assertEquals(PngEncoder.GRAY, ihdr.get());

        ImageData back = ImageReader.read(file);
        RandomAccess<IntType> expected = labels.randomAccess();
        RandomAccess<? extends net.imglib2.type.numeric.RealType<?>> actual = back.pixels().randomAccess();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int e = expected.setPositionAndGet(x, y).get();
                double a = actual.setPositionAndGet(x, y, 0).getRealDouble();
                if (e != a) {
                    assertEquals(e, a, "pixel (" + x + ", " + y + ")");
                }
            }
        }
    }

    @Test
    void noisyRgbWithUpFilterRoundTrips() throws IOException {
        int w = 300;
        int h = 200;
        int[] argb = new Random(8).ints(w * h).toArray();
        Path file = dir.resolve("overlay.png");

        ImageWriter.writeRgb(file, argb, w, h);

        assertTrue(chunks(file).stream().filter(c -> c.type.equals("IDAT")).count() >= 2);
        ImageData back = ImageReader.read(file);
        assertEquals(ChannelLayout.RGB, back.layout());
        for (int i = 0; i < argb.length; i += 97) {
            double[] rgb = ImageReaderSharedDataTest.values(back, i % w, i / w, 3);
            assertArrayEquals(new double[] {argb[i] >> 16 & 0xFF, argb[i] >> 8 & 0xFF, argb[i] & 0xFF}, rgb,
                    "pixel " + i);
        }
    }

    @Test
    void rowsAreAskedForTopToBottomOnce() throws IOException {
        List<Integer> asked = new ArrayList<>();
        AtomicFiles.write(dir.resolve("rows.png"), out -> PngEncoder.write(out, 4, 5, PngEncoder.GRAY, 8,
                PngEncoder.FILTER_NONE, (y, row) -> {
                    asked.add(y);
                    assertEquals(4, row.length);
                }));
        assertEquals(List.of(0, 1, 2, 3, 4), asked);
    }

    @Test
    void rejectsEmptyAndOverlongRows() {
        assertThrows(IllegalArgumentException.class, () -> AtomicFiles.write(dir.resolve("a.png"),
                out -> PngEncoder.write(out, 0, 5, PngEncoder.GRAY, 8, PngEncoder.FILTER_NONE, (y, row) -> { })));
        assertThrows(IllegalArgumentException.class, () -> AtomicFiles.write(dir.resolve("b.png"),
                out -> PngEncoder.write(out, 1 << 30, 1, PngEncoder.RGB, 8, PngEncoder.FILTER_NONE, (y, row) -> { })));
    }

    private record Chunk(String type, byte[] data) {
    }

    /** The chunks after the signature, each CRC checked. */
    private static List<Chunk> chunks(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        byte[] signature = new byte[8];
        b.get(signature);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, signature);
        List<Chunk> chunks = new ArrayList<>();
        while (b.hasRemaining()) {
            int length = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[length];
            b.get(data);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(data);
            String name = new String(type, StandardCharsets.US_ASCII);
            assertEquals((int) crc.getValue(), b.getInt(), "CRC of " + name);
            assertTrue(length <= 1 << 16, name + " of " + length + " bytes");
            chunks.add(new Chunk(name, data));
        }
        return chunks;
    }
}
