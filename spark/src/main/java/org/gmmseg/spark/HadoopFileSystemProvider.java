package org.gmmseg.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;

/**
 * Java's file operations on one {@link HadoopFileSystem}, as far as gmmseg uses them: attributes,
 * listing, reading, writing, creating folders, deleting, and renaming. A move replaces an existing
 * target by deleting it first (Hadoop's rename does not replace), so only a move to a new name is
 * atomic; gmmseg writes each output under a temporary name and renames it, so a reader sees an
 * output whole or not at all. Channels are sequential: reading can seek, writing only appends.
 */
final class HadoopFileSystemProvider extends FileSystemProvider {
    private final HadoopFileSystem fs;

    HadoopFileSystemProvider(HadoopFileSystem fs) {
        this.fs = fs;
    }

    private org.apache.hadoop.fs.Path hadoop(Path path) {
        if (!(path instanceof HadoopPath p) || p.getFileSystem() != fs) {
            throw new ProviderMismatchException(path + " is not on " + fs);
        }
        return p.hadoop();
    }

    private FileStatus status(Path path) throws IOException {
        try {
            return fs.hadoop().getFileStatus(hadoop(path));
        } catch (FileNotFoundException e) {
            throw new NoSuchFileException(path.toString());
        }
    }

    @Override
    public String getScheme() {
        return fs.scheme();
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("use HadoopFileSystem.path");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        return fs;
    }

    @Override
    public Path getPath(URI uri) {
        return HadoopFileSystem.path(uri.toString());
    }

    @Override
    public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
        try {
            return fs.hadoop().open(hadoop(path));
        } catch (FileNotFoundException e) {
            throw new NoSuchFileException(path.toString());
        }
    }

    @Override
    public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
        List<OpenOption> opts = Arrays.asList(options);
        if (opts.contains(StandardOpenOption.APPEND)) {
            throw new UnsupportedOperationException("no appending on " + fs);
        }
        boolean createNew = opts.contains(StandardOpenOption.CREATE_NEW);
        org.apache.hadoop.fs.Path p = hadoop(path);
        if (createNew && fs.hadoop().exists(p)) {
            throw new FileAlreadyExistsException(path.toString());
        }
        if (!createNew && options.length > 0 && !opts.contains(StandardOpenOption.CREATE) && !fs.hadoop().exists(p)) {
            throw new NoSuchFileException(path.toString());
        }
        return fs.hadoop().create(p, true);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)) {
            return new WriteChannel(Channels.newChannel(newOutputStream(path, options.toArray(OpenOption[]::new))));
        }
        FSDataInputStream in = (FSDataInputStream) newInputStream(path);
        return new ReadChannel(in, status(path).getLen());
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        FileStatus[] entries;
        try {
            entries = fs.hadoop().listStatus(hadoop(dir));
        } catch (FileNotFoundException e) {
            throw new NoSuchFileException(dir.toString());
        }
        List<Path> paths = new ArrayList<>(entries.length);
        for (FileStatus entry : entries) {
            Path p = dir.resolve(entry.getPath().getName());
            if (filter.accept(p)) {
                paths.add(p);
            }
        }
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                return paths.iterator();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        org.apache.hadoop.fs.Path p = hadoop(dir);
        if (fs.hadoop().exists(p)) {
            throw new FileAlreadyExistsException(dir.toString());
        }
        if (!fs.hadoop().mkdirs(p)) {
            throw new IOException(dir + ": cannot create the folder");
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        org.apache.hadoop.fs.Path p = hadoop(path);
        if (!fs.hadoop().exists(p)) {
            throw new NoSuchFileException(path.toString());
        }
        if (!fs.hadoop().delete(p, false)) {
            throw new IOException(path + ": cannot delete");
        }
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        throw new UnsupportedOperationException("copy within " + fs);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        List<CopyOption> opts = Arrays.asList(options);
        org.apache.hadoop.fs.Path from = hadoop(source);
        org.apache.hadoop.fs.Path to = hadoop(target);
        if (fs.hadoop().exists(to)) {
            if (!opts.contains(StandardCopyOption.REPLACE_EXISTING) && !opts.contains(StandardCopyOption.ATOMIC_MOVE)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            fs.hadoop().delete(to, false);
        }
        if (!fs.hadoop().rename(from, to)) {
            throw new IOException(source + ": cannot rename to " + target);
        }
    }

    @Override
    public boolean isSameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        status(path);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class) {
            return null;
        }
        return (V) new BasicFileAttributeView() {
            @Override
            public String name() {
                return "basic";
            }

            @Override
            public BasicFileAttributes readAttributes() throws IOException {
                return HadoopFileSystemProvider.this.readAttributes(path, BasicFileAttributes.class);
            }

            @Override
            public void setTimes(FileTime modified, FileTime access, FileTime create) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        if (type != BasicFileAttributes.class) {
            throw new UnsupportedOperationException(type.getSimpleName() + " on " + fs);
        }
        FileStatus s = status(path);
        return (A) new BasicFileAttributes() {
            @Override
            public FileTime lastModifiedTime() {
                return FileTime.fromMillis(s.getModificationTime());
            }

            @Override
            public FileTime lastAccessTime() {
                return FileTime.fromMillis(s.getAccessTime());
            }

            @Override
            public FileTime creationTime() {
                return lastModifiedTime();
            }

            @Override
            public boolean isRegularFile() {
                return s.isFile();
            }

            @Override
            public boolean isDirectory() {
                return s.isDirectory();
            }

            @Override
            public boolean isSymbolicLink() {
                return false;
            }

            @Override
            public boolean isOther() {
                return !s.isFile() && !s.isDirectory();
            }

            @Override
            public long size() {
                return s.getLen();
            }

            @Override
            public Object fileKey() {
                return null;
            }
        };
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        BasicFileAttributes a = readAttributes(path, BasicFileAttributes.class);
        return Map.of("size", a.size(), "lastModifiedTime", a.lastModifiedTime(), "isDirectory", a.isDirectory(),
                "isRegularFile", a.isRegularFile());
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
        throw new UnsupportedOperationException();
    }

    /** Reads a Hadoop stream, seeking where asked. */
    private static final class ReadChannel implements SeekableByteChannel {
        private final FSDataInputStream in;
        private final long size;
        private final ReadableByteChannel channel;

        ReadChannel(FSDataInputStream in, long size) {
            this.in = in;
            this.size = size;
            this.channel = Channels.newChannel(in);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() throws IOException {
            return in.getPos();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            in.seek(newPosition);
            return this;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Writes a Hadoop stream from its start to its end. */
    private static final class WriteChannel implements SeekableByteChannel {
        private final WritableByteChannel channel;
        private long position;

        WriteChannel(WritableByteChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException("write-only");
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = channel.write(src);
            position += n;
            return n;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            if (newPosition != position) {
                throw new UnsupportedOperationException("a Hadoop file is written from start to end");
            }
            return this;
        }

        @Override
        public long size() {
            return position;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new UnsupportedOperationException("a Hadoop file is written from start to end");
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
