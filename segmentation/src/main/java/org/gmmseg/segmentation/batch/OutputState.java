package org.gmmseg.segmentation.batch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gmmseg.segmentation.io.AtomicFiles;

/**
 * What gmmseg keeps in an output folder about the runs that wrote it, in {@code DIR/.gmmseg/}
 * (hidden, so never taken as input):
 * <ul>
 * <li>{@code lock}: locked ({@link FileChannel#tryLock}) by the run writing the folder, so that a
 *     second run on the same folder stops at once (on the default file system; others, such as
 *     Hadoop's, have no lock). The operating system releases the lock when the
 *     process ends, however it ends (a {@code kill -9} leaves the file, unlocked, and the next run
 *     takes it). It holds the process id and start of its holder, for the message.
 * <li>{@code outputs.json}: for each image (by its stem, e.g. {@code sub/x}) the settings of the run
 *     that wrote, or is writing, its outputs: the options that change them, as the front end names
 *     them. Written before any image is processed, after the outputs of images redone with other
 *     settings were removed, so that an image's label file always comes from the settings recorded
 *     for it.
 * </ul>
 * Also removes gmmseg's own temporary files ({@code .NAME.tmp-HEX}, see {@link AtomicFiles}) that a
 * killed run left beside the outputs of this one.
 *
 * <p>Used by one thread; close it to release the lock.
 */
final class OutputState implements AutoCloseable {
    /** The folder below the output folder. */
    static final String FOLDER = ".gmmseg";
    static final String LOCK = "lock";
    static final String RECORD = "outputs.json";
    private static final String FORMAT = "gmmseg-outputs";
    private static final int FORMAT_VERSION = 1;
    /** An AtomicFiles (or ModelFile) temporary file: a dot, the target's name, .tmp- and 16 hex digits. */
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.tmp-[0-9a-f]{16}");

    /** The lock files held in this JVM. */
    private static final Set<Path> HELD = new HashSet<>();

    private final Path folder;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, Map<String, String>> recorded;
    private final List<String> warnings = new ArrayList<>();

    private OutputState(Path folder, Path lockFile, FileChannel lockChannel, FileLock lock) {
        this.folder = folder;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.recorded = read();
    }

    /**
     * Locks the output folder (created if missing) and reads its record.
     *
     * @throws BatchPlanException when another run holds the lock
     * @throws IOException when the folder or its lock cannot be created
     */
    static OutputState open(Path out) throws IOException {
        Path state = out.resolve(FOLDER);
        try {
            Files.createDirectories(state);
        } catch (IOException e) {
            throw new IOException("--out " + out + ": cannot create " + state + " (" + e.getMessage() + ")", e);
        }
        if (out.getFileSystem() != FileSystems.getDefault()) {
            // another file system (e.g. Hadoop's through gmmseg-spark) has no process locks: the record only
            return new OutputState(out, null, null, null);
        }
        Path lockFile = state.resolve(LOCK).toAbsolutePath().normalize();
        // a second channel on the file must not even be opened in this JVM: closing it would release the
        // first one's lock on systems where locks belong to the process (FileLock's javadoc)
        synchronized (HELD) {
            if (!HELD.add(lockFile)) {
                throw locked(out, lockFile);
            }
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held through a channel of another part of this JVM
            }
            if (lock == null) {
                throw locked(out, lockFile);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\nstarted "
                    + LocalDateTime.now().withNano(0).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new OutputState(out, lockFile, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            synchronized (HELD) {
                HELD.remove(lockFile);
            }
            throw e;
        }
    }

    private static BatchPlanException locked(Path out, Path lockFile) {
        return new BatchPlanException("--out " + out + " is being written by another gmmseg run" + holder(lockFile)
                + "; wait for it to end, or choose another --out");
    }

    /** " (process 1234, started 2025-12-07T16:02:11)" from a lock file, or "" when it cannot be read. */
    private static String holder(Path lockFile) {
        try {
            Map<String, String> fields = new HashMap<>();
            for (String line : Files.readAllLines(lockFile, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    fields.put(line.substring(0, space), line.substring(space + 1).trim());
                }
            }
            if (fields.containsKey("pid")) {
                String pid = fields.get("pid");
                boolean self = pid.equals(Long.toString(ProcessHandle.current().pid()));
                return " (" + (self ? "in this process" : "process " + pid) + (fields.containsKey("started")
                        ? ", started " + fields.get("started") : "") + ")";
            }
        } catch (IOException | RuntimeException e) {
            // the message does without
        }
        return "";
    }

    /** Remarks for the user, e.g. an unreadable record that was ignored. */
    List<String> warnings() {
        return warnings;
    }

    /** The settings recorded for an image's outputs, or null when none are recorded. */
    Map<String, String> settings(String stem) {
        return recorded.get(stem);
    }

    /** Records the settings for these images (replacing theirs), keeping the others', and writes the record. */
    void record(Collection<String> stems, Map<String, String> settings) throws IOException {
        Map<String, String> copy = Map.copyOf(settings);
        for (String stem : stems) {
            recorded.put(stem, copy);
        }
        write();
    }

    private Path recordFile() {
        return folder.resolve(FOLDER).resolve(RECORD);
    }

    /** The record: distinct settings once, then the index of each image's. */
    private void write() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        ArrayNode settingsNode = root.putArray("settings");
        ObjectNode images = json.createObjectNode();
        Map<Map<String, String>, Integer> index = new HashMap<>();
        for (Map.Entry<String, Map<String, String>> entry : new TreeMap<>(recorded).entrySet()) {
            Integer i = index.get(entry.getValue());
            if (i == null) {
                i = index.size();
                index.put(entry.getValue(), i);
                ObjectNode node = settingsNode.addObject();
                new TreeMap<>(entry.getValue()).forEach(node::put);
            }
            images.put(entry.getKey(), i);
        }
        root.set("images", images);
        AtomicFiles.writeString(recordFile(), json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    /** The record on disk; none, or one that cannot be read (with a warning), is empty. */
    private Map<String, Map<String, String>> read() {
        Map<String, Map<String, String>> images = new HashMap<>();
        Path file = recordFile();
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(file));
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new IOException("not a " + FORMAT + " file");
            }
            List<Map<String, String>> settings = new ArrayList<>();
            for (JsonNode node : root.path("settings")) {
                Map<String, String> one = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> field = it.next();
                    one.put(field.getKey(), field.getValue().asText());
                }
                settings.add(Map.copyOf(one));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("images").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> image = it.next();
                int i = image.getValue().asInt(-1);
                if (i < 0 || i >= settings.size()) {
                    throw new IOException("image " + image.getKey() + " refers to settings " + image.getValue());
                }
                images.put(image.getKey(), settings.get(i));
            }
        } catch (NoSuchFileException e) {
            // a folder written by no run, or by a gmmseg that kept no record
        } catch (IOException | RuntimeException e) {
            warnings.add(file + " cannot be read (" + e.getMessage() + "); it is written anew, and images done "
                    + "before count as done with any options");
            images.clear();
        }
        return images;
    }

    /**
     * The options whose values differ between two settings, for a message: {@code --components 3,
     * not 6; --features rgb, not lab}.
     */
    static String differences(Map<String, String> earlier, Map<String, String> now) {
        Set<String> keys = new TreeSet<>(earlier.keySet());
        keys.addAll(now.keySet());
        List<String> parts = new ArrayList<>();
        for (String key : keys) {
            String before = earlier.get(key);
            String after = now.get(key);
            if (!Objects.equals(before, after)) {
                parts.add(key + " " + (before == null ? "(not given)" : before) + ", not "
                        + (after == null ? "(not given)" : after));
            }
        }
        return String.join("; ", parts);
    }

    /**
     * Deletes gmmseg's temporary files left in these folders by a run that was killed: a file
     * {@code .NAME.tmp-} followed by 16 hex digits, where NAME is a file this run may write there.
     * Nothing else is touched, whatever its name. Call it holding the lock: the temporary files of a
     * run that is writing look the same.
     *
     * @param names per folder, the names of the files this run may write in it
     * @return the files deleted
     */
    static List<Path> removeLeftovers(Map<Path, Set<String>> names) {
        List<Path> removed = new ArrayList<>();
        for (Map.Entry<Path, Set<String>> folder : names.entrySet()) {
            if (!Files.isDirectory(folder.getKey())) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder.getKey(), ".*.tmp-*")) {
                for (Path file : files) {
                    Matcher m = TEMPORARY.matcher(file.getFileName().toString());
                    if (m.matches() && folder.getValue().contains(m.group(1)) && Files.isRegularFile(file)) {
                        Files.deleteIfExists(file);
                        removed.add(file);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a leftover that stays is harmless: it is hidden and the next run tries again
            }
        }
        return removed;
    }

    /** The names of a set of files, by folder. */
    static Map<Path, Set<String>> namesByFolder(Collection<Path> files) {
        Map<Path, Set<String>> names = new LinkedHashMap<>();
        for (Path file : files) {
            Path absolute = file.toAbsolutePath().normalize();
            names.computeIfAbsent(absolute.getParent(), f -> new HashSet<>()).add(absolute.getFileName().toString());
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        if (lock == null) {
            return;
        }
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            lockChannel.close();
            synchronized (HELD) {
                HELD.remove(lockFile);
            }
        }
    }
}
