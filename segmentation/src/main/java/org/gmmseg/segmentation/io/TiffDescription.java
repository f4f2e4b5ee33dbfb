package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The ImageDescription of a classic TIFF's first page, read from the file's bytes as UTF-8. The JDK's
 * reader decodes the tag as US-ASCII and turns every other byte into U+FFFD, but OME-XML is UTF-8
 * and says {@code µm} for microns. {@link ImageHeader} reads it with the header, through the same
 * methods. Stateless.
 */
final class TiffDescription {
    private static final int TAG = 270;
    private static final int ASCII = 2;
    private static final int MAX_ENTRIES = 4096;
    /** Descriptions longer than this (OME-XML of huge plates) are left to the JDK's reading. */
    private static final long MAX_LENGTH = 64L << 20;

    private TiffDescription() {
    }

    /**
     * The description, decoded as UTF-8 (or ISO-8859-1 when it is not UTF-8), without trailing NULs; null when the
     * file is not a classic TIFF, has no description, or cannot be read. Never throws.
     */
    static String read(Path path) {
        try (SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ)) {
            ByteBuffer head = read(channel, 0, 8);
            ByteOrder order = head == null ? null : byteOrder(head);
            if (order == null || head.getShort(2) != 42) {
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
            return table == null ? null : of(channel, table.order(order), entries);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The byte order a TIFF's first bytes declare ({@code II} or {@code MM}), with {@code head} set to it; null when
     * they are not a TIFF's. The version (42, or 43 for BigTIFF) is then {@code head.getShort(2)}.
     */
    static ByteOrder byteOrder(ByteBuffer head) {
        ByteOrder order;
        if (head.get(0) == 'I' && head.get(1) == 'I') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (head.get(0) == 'M' && head.get(1) == 'M') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            return null;
        }
        head.order(order);
        return order;
    }

    /** The description among the entries of an IFD (in the file's byte order), or null. */
    static String of(SeekableByteChannel channel, ByteBuffer table, int entries) throws IOException {
        for (int i = 0; i < entries; i++) {
            int o = 12 * i;
            if (Short.toUnsignedInt(table.getShort(o)) != TAG || table.getShort(o + 2) != ASCII) {
                continue;
            }
            long n = Integer.toUnsignedLong(table.getInt(o + 4));
            if (n > MAX_LENGTH) {
                return null;
            }
            ByteBuffer bytes = n <= 4 ? table.slice(o + 8, (int) n)
                    : read(channel, Integer.toUnsignedLong(table.getInt(o + 8)), (int) n);
            return bytes == null ? null : decode(bytes);
        }
        return null;
    }

    private static String decode(ByteBuffer bytes) {
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

    /** {@code length} bytes at {@code position}, or null when the file ends before. */
    static ByteBuffer read(SeekableByteChannel channel, long position, int length) throws IOException {
        if (position < 0 || position + length > channel.size()) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return null;
            }
        }
        return buffer.flip();
    }
}
