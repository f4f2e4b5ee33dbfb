package org.gmmseg.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * A Hadoop file system (HDFS, S3A, the local one for {@code file:} URIs, ...) seen through Java's
 * file API, so that gmmseg's batch planning, reports and model files work on it unchanged: paths
 * are {@link HadoopPath}s, operations go to {@link HadoopFileSystemProvider}. One instance per
 * scheme and authority in a JVM; thread-safe.
 *
 * <p>{@link #path(String)} is how gmmseg-spark reads every path of its command line: a string with
 * a URI scheme ({@code hdfs://namenode/in}, {@code s3a://bucket/in}, {@code file:/data/in}) becomes a
 * path on that file system, anything else a path of the default file system, as in gmmseg.
 */
final class HadoopFileSystem extends FileSystem {
    /** A URI scheme of two letters or more (one letter is a Windows drive). */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):(.*)$", Pattern.DOTALL);
    private static final Map<String, HadoopFileSystem> SYSTEMS = new ConcurrentHashMap<>();

    private final HadoopFileSystemProvider provider;
    private final org.apache.hadoop.fs.FileSystem hadoop;
    private final String scheme;
    private final String authority;

    private HadoopFileSystem(org.apache.hadoop.fs.FileSystem hadoop, String scheme, String authority) {
        this.hadoop = hadoop;
        this.scheme = scheme;
        this.authority = authority;
        this.provider = new HadoopFileSystemProvider(this);
    }

    /**
     * The path a command-line string names: on a Hadoop file system when it starts with a URI
     * scheme, else on the default file system.
     *
     * @throws IllegalArgumentException when no Hadoop file system serves the scheme
     */
    static Path path(String text) {
        Matcher m = SCHEME.matcher(text);
        String scheme = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
        if (scheme == null || !served(scheme)) {
            return Path.of(text); // e.g. a local file named "a:b.png"
        }
        String rest = m.group(2);
        String authority = null;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            rest = slash < 0 ? "/" : rest.substring(slash);
            authority = authority.isEmpty() ? null : authority;
        }
        return HadoopPath.of(of(scheme, authority), rest.isEmpty() ? "/" : rest);
    }

    /** Whether Hadoop has a file system for the scheme (in its configuration or on the class path). */
    private static boolean served(String scheme) {
        try {
            org.apache.hadoop.fs.FileSystem.getFileSystemClass(scheme, new Configuration());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a command-line string is a URI, a path of a Hadoop file system. */
    static boolean isUri(String text) {
        Matcher m = SCHEME.matcher(text);
        return m.matches() && served(m.group(1).toLowerCase(Locale.ROOT));
    }

    /** The file system of a scheme and authority (null: the scheme's default, e.g. fs.defaultFS's namenode). */
    static HadoopFileSystem of(String scheme, String authority) {
        String key = scheme + "://" + (authority == null ? "" : authority);
        return SYSTEMS.computeIfAbsent(key, k -> {
            // Spark's Hadoop settings (core-site.xml and the spark.hadoop.* properties, e.g. S3
            // credentials) where Spark runs, on the driver and on executors alike
            SparkEnv env = SparkEnv.get();
            Configuration conf = env != null ? SparkHadoopUtil.get().newConfiguration(env.conf()) : new Configuration();
            try {
                org.apache.hadoop.fs.FileSystem fs = scheme.equals("file")
                        // the raw local file system: no .crc files beside each output
                        ? org.apache.hadoop.fs.FileSystem.getLocal(conf).getRawFileSystem()
                        : org.apache.hadoop.fs.FileSystem.get(URI.create(scheme + "://" + (authority == null ? "" : authority)
                                + "/"), conf);
                String qualified = fs.getUri().getAuthority();
                return new HadoopFileSystem(fs, scheme, authority != null ? authority
                        : qualified == null || qualified.isEmpty() ? null : qualified);
            } catch (IOException e) {
                throw new UncheckedIOException(scheme + ": no file system (" + e.getMessage() + ")", e);
            }
        });
    }

    org.apache.hadoop.fs.FileSystem hadoop() {
        return hadoop;
    }

    String scheme() {
        return scheme;
    }

    String authority() {
        return authority;
    }

    /** What absolute paths print before their first '/': {@code hdfs://namenode:8020}, {@code file:}. */
    String prefix() {
        return scheme + ":" + (authority == null ? "" : "//" + authority);
    }

    HadoopPath workingFolder() {
        return HadoopPath.of(this, hadoop.getWorkingDirectory().toUri().getPath());
    }

    @Override
    public HadoopFileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        // Hadoop's file systems are cached and shared in the JVM: not closed here
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(HadoopPath.of(this, "/"));
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic");
    }

    @Override
    public Path getPath(String first, String... more) {
        return HadoopPath.of(this, more.length == 0 ? first : first + "/" + String.join("/", more));
    }

    /** The default file system's matcher, applied to the path as text. */
    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher(syntaxAndPattern);
        return p -> matcher.matches(Path.of(p.toString()));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String toString() {
        return prefix();
    }
}
