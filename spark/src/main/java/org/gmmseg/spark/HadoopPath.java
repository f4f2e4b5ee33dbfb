package org.gmmseg.spark;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A path on a Hadoop file system ({@link HadoopFileSystem}): absolute ones print as the URI
 * ({@code hdfs://namenode:8020/in/x.png}, {@code file:/data/x.png}), relative ones as names joined
 * by '/'. A relative path of another file system (the default one, e.g. a stem planned by the
 * batch) can be resolved against it. Immutable.
 */
final class HadoopPath implements Path {
    private final HadoopFileSystem fs;
    private final boolean absolute;
    private final String[] names;

    HadoopPath(HadoopFileSystem fs, boolean absolute, String[] names) {
        this.fs = fs;
        this.absolute = absolute;
        this.names = names;
    }

    /** The path of a string: absolute when it starts with '/'; empty names are dropped. */
    static HadoopPath of(HadoopFileSystem fs, String path) {
        return new HadoopPath(fs, path.startsWith("/"), split(path));
    }

    private static String[] split(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    /** Hadoop's path of this (made absolute against the working folder). */
    org.apache.hadoop.fs.Path hadoop() {
        HadoopPath a = toAbsolutePath();
        return new org.apache.hadoop.fs.Path(fs.scheme(), fs.authority(), "/" + String.join("/", a.names));
    }

    @Override
    public HadoopFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return absolute;
    }

    @Override
    public HadoopPath getRoot() {
        return absolute ? new HadoopPath(fs, true, new String[0]) : null;
    }

    @Override
    public HadoopPath getFileName() {
        return names.length == 0 ? null : new HadoopPath(fs, false, new String[] {names[names.length - 1]});
    }

    @Override
    public HadoopPath getParent() {
        if (names.length == 0 || names.length == 1 && !absolute) {
            return null;
        }
        return new HadoopPath(fs, absolute, Arrays.copyOf(names, names.length - 1));
    }

    @Override
    public int getNameCount() {
        return names.length;
    }

    @Override
    public HadoopPath getName(int index) {
        return new HadoopPath(fs, false, new String[] {names[index]});
    }

    @Override
    public HadoopPath subpath(int beginIndex, int endIndex) {
        return new HadoopPath(fs, false, Arrays.copyOfRange(names, beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        HadoopPath o = same(other);
        return o.absolute == absolute && o.names.length <= names.length
                && Arrays.equals(o.names, Arrays.copyOf(names, o.names.length));
    }

    @Override
    public boolean endsWith(Path other) {
        HadoopPath o = same(other);
        if (o.absolute) {
            return equals(o);
        }
        return o.names.length <= names.length
                && Arrays.equals(o.names, Arrays.copyOfRange(names, names.length - o.names.length, names.length));
    }

    @Override
    public HadoopPath normalize() {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..") && !out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                out.remove(out.size() - 1);
            } else if (!(name.equals("..") && absolute)) {
                out.add(name);
            }
        }
        return new HadoopPath(fs, absolute, out.toArray(String[]::new));
    }

    @Override
    public HadoopPath resolve(Path other) {
        if (other instanceof HadoopPath o) {
            if (o.fs != fs) {
                throw new ProviderMismatchException(other + " is not on " + fs);
            }
            if (o.absolute) {
                return o;
            }
        } else if (other.isAbsolute()) {
            throw new ProviderMismatchException(other + " is not on " + fs);
        }
        String[] more = split(other.toString().replace(other.getFileSystem().getSeparator(), "/"));
        String[] joined = Arrays.copyOf(names, names.length + more.length);
        System.arraycopy(more, 0, joined, names.length, more.length);
        return new HadoopPath(fs, absolute, joined);
    }

    @Override
    public HadoopPath relativize(Path other) {
        HadoopPath o = same(other);
        if (o.absolute != absolute) {
            throw new IllegalArgumentException("cannot relativize " + other + " against " + this);
        }
        int common = 0;
        while (common < names.length && common < o.names.length && names[common].equals(o.names[common])) {
            common++;
        }
        List<String> out = new ArrayList<>();
        for (int i = common; i < names.length; i++) {
            out.add("..");
        }
        out.addAll(Arrays.asList(o.names).subList(common, o.names.length));
        return new HadoopPath(fs, false, out.toArray(String[]::new));
    }

    @Override
    public URI toUri() {
        try {
            return new URI(fs.scheme(), fs.authority(), "/" + String.join("/", toAbsolutePath().names), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public HadoopPath toAbsolutePath() {
        return absolute ? this : fs.workingFolder().resolve(this);
    }

    @Override
    public HadoopPath toRealPath(LinkOption... options) {
        return toAbsolutePath().normalize();
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("no watching of Hadoop file systems");
    }

    @Override
    public int compareTo(Path other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HadoopPath p && p.fs == fs && p.absolute == absolute && Arrays.equals(p.names, names);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(names) * 31 + (absolute ? 1 : 0);
    }

    @Override
    public String toString() {
        String joined = String.join("/", names);
        return absolute ? fs.prefix() + "/" + joined : joined;
    }

    private HadoopPath same(Path other) {
        if (!(other instanceof HadoopPath o) || o.fs != fs) {
            throw new ProviderMismatchException(other + " is not on " + fs);
        }
        return o;
    }
}
