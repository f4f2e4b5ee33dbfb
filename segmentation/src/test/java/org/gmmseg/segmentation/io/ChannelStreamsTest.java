package org.gmmseg.segmentation.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;

import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The channel streams behave as ImageIO's file streams, read for read. */
class ChannelStreamsTest {
    @TempDir
    Path dir;

    @Test
    void inputReadsWhatAFileStreamReadsUnderRandomReadsSeeksAndBits() throws IOException {
        byte[] content = new byte[100_000];
        new SplittableRandom(3).nextBytes(content);
        Path file = Files.write(dir.resolve("data.bin"), content);
        SplittableRandom random = new SplittableRandom(4);
        try (ImageInputStream channel = ChannelStreams.input(file);
                ImageInputStream plain = new FileImageInputStream(file.toFile())) {
            assertEquals(plain.length(), channel.length());
            byte[] a = new byte[60_000];
            byte[] b = new byte[60_000];
            for (int i = 0; i < 20_000; i++) {
                switch (random.nextInt(4)) {
                    case 0 -> assertEquals(plain.read(), channel.read());
                    case 1 -> {
                        // mostly small reads, now and then one larger than the buffer
                        int length = random.nextInt(1, i % 50 == 0 ? 40_000 : 300);
                        int n = plain.read(b, 0, length);
                        assertEquals(n, channel.read(a, 0, length), "a read returns as much as a file's");
                        assertArrayEquals(Arrays.copyOf(b, Math.max(n, 0)), Arrays.copyOf(a, Math.max(n, 0)));
                    }
                    case 2 -> {
                        long position = random.nextLong(content.length + 10);
                        plain.seek(position);
                        channel.seek(position);
                    }
                    default -> {
                        int bits = random.nextInt(1, 13);
                        assertEquals(bits(plain, bits), bits(channel, bits));
                    }
                }
                assertEquals(plain.getStreamPosition(), channel.getStreamPosition());
            }
        }
    }

    private static long bits(ImageInputStream in, int bits) throws IOException {
        try {
            return in.readBits(bits);
        } catch (EOFException e) {
            return -1;
        }
    }

    @Test
    void outputWritesSeeksAndReadsBack() throws IOException {
        Path file = Files.createFile(dir.resolve("out.bin"));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                ImageOutputStream out = ChannelStreams.output(channel)) {
            out.writeInt(0x01020304);
            out.write(new byte[] {5, 6, 7});
            out.writeBits(0b101, 3);
            out.seek(1);
            assertEquals(2, out.read());
            out.write(9);
            out.flush();
            assertEquals(8, out.length());
        }
        assertArrayEquals(new byte[] {1, 2, 9, 4, 5, 6, 7, (byte) 0b1010_0000}, Files.readAllBytes(file));
    }
}
