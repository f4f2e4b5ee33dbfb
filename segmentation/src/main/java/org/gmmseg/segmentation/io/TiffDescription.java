package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The ImageDescription of a classic TIFF's first page, read from the file's bytes as UTF-8. The JDK's
 * reader decodes the tag as US-ASCII and turns every other byte into U+FFFD, but OME-XML is UTF-8
 * and says {@code µm} for microns. Stateless.
 */
final class TiffDescription {
    static final int TAG = 270;
    static final int ASCII = 2;
    private static final int MAX_ENTRIES = 4096;
    /** Descriptions longer than this (OME-XML of huge plates) are left to the JDK's reading. */
    static final long MAX_LENGTH = 64L << 20;

    private TiffDescription() {
    }

    /**
     * The description, decoded as UTF-8 (or ISO-8859-1 when it is not UTF-8), without trailing NULs; null when the
     * file is not a classic TIFF, has no description, or cannot be read. Never throws.
     */
    static String read(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer head = read(channel, 0, 8);
            if (head == null) {
                return null;
            }
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
                return null; // BigTIFF (43) or not a TIFF
            }
            long ifd = Integer.toUnsignedLong(head.getInt(4));
            ByteBuffer count = read(channel, ifd, 2);
            if (count == null) {
                return null;
            }
            int entries = Short.toUnsignedInt(count.order(order).getShort(0));
            if (entries > MAX_ENTRIES) {
                return null;
            }
            ByteBuffer table = read(channel, ifd + 2, 12 * entries);
            if (table == null) {
                return null;
            }
            table.order(order);
            for (int i = 0; i < entries; i++) {
                int o = 12 * i;
                if (Short.toUnsignedInt(table.getShort(o)) != TAG || table.getShort(o + 2) != ASCII) {
                    continue;
                }
                long n = Integer.toUnsignedLong(table.getInt(o + 4));
                if (n > MAX_LENGTH) {
                    return null;
                }
                ByteBuffer bytes;
                if (n <= 4) {
                    bytes = table.slice(o + 8, (int) n);
                } else {
                    bytes = read(channel, Integer.toUnsignedLong(table.getInt(o + 8)), (int) n);
                }
                return bytes == null ? null : decode(bytes);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String decode(ByteBuffer bytes) {
        int end = bytes.limit();
        while (end > bytes.position() && bytes.get(end - 1) == 0) {
            end--;
        }
        ByteBuffer text = bytes.duplicate().limit(end);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(text).toString();
        } catch (CharacterCodingException e) {
            return StandardCharsets.ISO_8859_1.decode(bytes.duplicate().limit(end)).toString();
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        if (position < 0 || position + length > channel.size()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                return null;
            }
        }
        return b.flip();
    }
}
