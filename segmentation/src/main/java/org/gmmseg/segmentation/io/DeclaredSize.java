package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The width and height an image file's header declares, read from the bytes without decoding: for
 * PNG (IHDR), classic TIFF (ImageWidth and ImageLength of the first IFD), GIF (logical screen) and
 * BMP (info header). Used to tell a zero-sized image from a corrupt one when the JDK's reader
 * refuses the header (its PNG reader throws "Image width &lt;= 0!", its TIFF reader may find the
 * strips of an empty image "out of stream").
 *
 * <p>Stateless and thread-safe.
 */
final class DeclaredSize {
    private static final int MAX_IFD_ENTRIES = 4096;

    private DeclaredSize() {
    }

    /**
     * The declared size {@code {width, height}}, or null when the file is none of these formats or
     * its header cannot be read. Never throws.
     */
    static int[] of(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer head = read(channel, 0, 32);
            if (head == null) {
                return null;
            }
            if (png(head)) {
                return new int[] {head.order(ByteOrder.BIG_ENDIAN).getInt(16), head.getInt(20)};
            }
            if (head.get(0) == 'G' && head.get(1) == 'I' && head.get(2) == 'F') {
                head.order(ByteOrder.LITTLE_ENDIAN);
                return new int[] {Short.toUnsignedInt(head.getShort(6)), Short.toUnsignedInt(head.getShort(8))};
            }
            if (head.get(0) == 'B' && head.get(1) == 'M') {
                head.order(ByteOrder.LITTLE_ENDIAN);
                int headerSize = head.getInt(14);
                if (headerSize == 12) { // OS/2 BITMAPCOREHEADER: 16-bit sizes
                    return new int[] {Short.toUnsignedInt(head.getShort(18)), Short.toUnsignedInt(head.getShort(20))};
                }
                // a negative height means rows stored top-down
                return new int[] {head.getInt(18), Math.abs(head.getInt(22))};
            }
            return tiff(channel, head);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean png(ByteBuffer head) {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        for (int i = 0; i < signature.length; i++) {
            if (head.get(i) != signature[i]) {
                return false;
            }
        }
        return head.get(12) == 'I' && head.get(13) == 'H' && head.get(14) == 'D' && head.get(15) == 'R';
    }

    private static int[] tiff(FileChannel channel, ByteBuffer head) throws IOException {
        ByteOrder order;
        if (head.get(0) == 'I' && head.get(1) == 'I') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (head.get(0) == 'M' && head.get(1) == 'M') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            return null;
        }
        head.order(order);
        if (head.getShort(2) != 42) {
            return null; // not a classic TIFF (BigTIFF is 43)
        }
        long ifd = Integer.toUnsignedLong(head.getInt(4));
        ByteBuffer count = read(channel, ifd, 2);
        if (count == null) {
            return null;
        }
        int entries = Short.toUnsignedInt(count.order(order).getShort(0));
        if (entries == 0 || entries > MAX_IFD_ENTRIES) {
            return null;
        }
        ByteBuffer table = read(channel, ifd + 2, entries * 12);
        if (table == null) {
            return null;
        }
        table.order(order);
        long width = -1;
        long height = -1;
        for (int i = 0; i < entries; i++) {
            int at = i * 12;
            int tag = Short.toUnsignedInt(table.getShort(at));
            if (tag != 256 && tag != 257) {
                continue;
            }
            int type = Short.toUnsignedInt(table.getShort(at + 2));
            long value;
            if (type == 3) { // SHORT
                value = Short.toUnsignedInt(table.getShort(at + 8));
            } else if (type == 4) { // LONG
                value = Integer.toUnsignedLong(table.getInt(at + 8));
            } else {
                return null;
            }
            if (tag == 256) {
                width = value;
            } else {
                height = value;
            }
        }
        if (width < 0 || height < 0) {
            return null;
        }
        return new int[] {(int) Math.min(width, Integer.MAX_VALUE), (int) Math.min(height, Integer.MAX_VALUE)};
    }

    /** {@code length} bytes at {@code position}, or null when the file ends before. */
    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return null;
            }
        }
        return buffer.flip();
    }
}
