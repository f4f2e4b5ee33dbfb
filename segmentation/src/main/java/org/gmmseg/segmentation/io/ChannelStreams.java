package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.ImageOutputStreamImpl;

/**
 * ImageIO streams over a {@link FileChannel} opened from a {@link Path}. ImageIO's own file streams
 * open a {@link java.io.File}, which goes through the file name as a string: a name that the
 * locale's encoding cannot represent (e.g. {@code héllo.png} under {@code LANG=C}, or Latin-1 bytes
 * under a UTF-8 locale) then opens no file or the wrong one. A path found by listing a folder keeps
 * the name's bytes, and a channel opens exactly that file. Not thread-safe, as any ImageIO stream.
 */
final class ChannelStreams {
    private static final int BUFFER = 16 * 1024;

    private ChannelStreams() {
    }

    /** A buffered input stream over the file; closing it closes the file. */
    static ImageInputStream input(Path path) throws IOException {
        return new Input(FileChannel.open(path, StandardOpenOption.READ));
    }

    /** An output stream writing to the channel from its position 0; closing the stream leaves the channel open. */
    static ImageOutputStream output(FileChannel channel) {
        return new Output(channel);
    }

    /** Reads through a buffer of the bytes at {@code bufferStart}: many readers take a few bytes at a time. */
    private static final class Input extends ImageInputStreamImpl {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        private long bufferStart;
        private int bufferLength;

        Input(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            checkClosed();
            bitOffset = 0;
            if (!buffered(streamPos) && !fill(streamPos)) {
                return -1;
            }
            return buffer.get((int) (streamPos++ - bufferStart)) & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkClosed();
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            bitOffset = 0;
            // as much as asked for, up to the end of the file, as a file's read gives: some readers count on it
            int done = 0;
            while (done < len) {
                int n;
                if (buffered(streamPos)) {
                    int from = (int) (streamPos - bufferStart);
                    n = Math.min(len - done, bufferLength - from);
                    buffer.get(from, b, off + done, n);
                } else if (len - done >= BUFFER) {
                    n = channel.read(ByteBuffer.wrap(b, off + done, len - done), streamPos);
                    n = n == 0 ? -1 : n;
                } else {
                    n = fill(streamPos) ? 0 : -1;
                }
                if (n < 0) {
                    break;
                }
                done += n;
                streamPos += n;
            }
            return done == 0 ? -1 : done;
        }

        private boolean buffered(long position) {
            return position >= bufferStart && position < bufferStart + bufferLength;
        }

        private boolean fill(long position) throws IOException {
            buffer.clear();
            int n = channel.read(buffer, position);
            bufferStart = position;
            bufferLength = Math.max(0, n);
            return n > 0;
        }

        @Override
        public long length() {
            return size(channel);
        }

        @Override
        public void close() throws IOException {
            super.close();
            channel.close();
        }
    }

    /** Writes straight to the channel at the stream position; reads back what was written. */
    private static final class Output extends ImageOutputStreamImpl {
        private final FileChannel channel;
        private final ByteBuffer one = ByteBuffer.allocate(1);

        Output(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            flushBits();
            one.clear();
            one.put(0, (byte) b);
            writeFully(one);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            flushBits();
            writeFully(ByteBuffer.wrap(b, off, len));
        }

        private void writeFully(ByteBuffer bytes) throws IOException {
            checkClosed();
            while (bytes.hasRemaining()) {
                streamPos += channel.write(bytes, streamPos);
            }
        }

        @Override
        public int read() throws IOException {
            checkClosed();
            bitOffset = 0;
            one.clear();
            if (channel.read(one, streamPos) <= 0) {
                return -1;
            }
            streamPos++;
            return one.get(0) & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkClosed();
            Objects.checkFromIndexSize(off, len, b.length);
            bitOffset = 0;
            int n = len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len), streamPos);
            streamPos += Math.max(n, 0);
            return len > 0 && n <= 0 ? -1 : n;
        }

        @Override
        public long length() {
            return size(channel);
        }
    }

    /** The channel's size, or -1 when it cannot be told (as {@link ImageInputStream#length()} says). */
    private static long size(FileChannel channel) {
        try {
            return channel.size();
        } catch (IOException e) {
            return -1;
        }
    }
}
