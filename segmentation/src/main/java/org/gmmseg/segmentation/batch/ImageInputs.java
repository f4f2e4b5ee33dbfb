package org.gmmseg.segmentation.batch;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.gmmseg.core.io.FileNames;
import org.gmmseg.segmentation.io.FileErrors;

/**
 * The image files of a batch: the INPUT arguments with folders expanded. Order: the arguments in
 * the order given, the files of a folder sorted by their path below it (with '/' separators,
 * character by character). A file reached twice is taken once, the first time.
 *
 * <p>In a folder, a file is taken when it matches {@code --glob} (its name, or its path below the
 * folder when the pattern has a '/'), by default when its extension is an image one (png, jpg,
 * jpeg, bmp, gif, tif, tiff, in any case). Never taken from folders: hidden files and folders
 * (name starting with '.'), files named like gmmseg's outputs ({@link #isOutputName}), and the
 * output folder when it lies inside an input folder. Files given as arguments are always taken,
 * whatever their name; one that does not exist fails when it is read.
 */
public final class ImageInputs {
    /** Extensions of the files taken from folders by default, lower case. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff");

    private static final List<String> OUTPUT_SUFFIXES = List.of("_labels.png", "_labels.tif", "_overlay.png",
            "_overlay.tif", "_probabilities.tif", "_selection.png");

    private ImageInputs() {
    }

    /**
     * One image of a batch.
     *
     * @param file the file, as given or as found below a folder given
     * @param stem where its outputs go below the output folder, without suffix: {@code sub/x} for
     *     {@code FOLDER/sub/x.png}, {@code x} for a file {@code x.png} given as an argument
     * @param error why it cannot be processed (e.g. a folder that cannot be listed), or null
     */
    public record ImageInput(Path file, Path stem, String error) {
        /** The file as the user will recognise it in messages and the report. */
        public String display() {
            return file.toString();
        }
    }

    /**
     * The expansion of the arguments.
     *
     * @param images every image, in batch order, with folders that could not be listed as failed entries
     * @param warnings e.g. folders without any image
     */
    public record Scan(List<ImageInput> images, List<String> warnings) {
    }

    /**
     * Expands the arguments.
     *
     * @param outputFolder never taken from when it lies inside an input folder; may be null
     * @throws IllegalArgumentException for a malformed {@code --glob}
     */
    public static Scan scan(List<Path> arguments, InputSelection options, Path outputFolder) throws IOException {
        boolean recursive = options.recursive();
        PathMatcher glob = options.matcher();
        String globText = options.glob();
        boolean matchPath = globText != null && globText.contains("/");
        List<ImageInput> images = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        Path skip = outputFolder == null ? null : outputFolder.toAbsolutePath().normalize();
        for (Path argument : arguments) {
            if (Files.isDirectory(argument)) {
                List<ImageInput> found = listFolder(argument, recursive, glob, matchPath, skip);
                int before = images.size();
                for (ImageInput image : found) {
                    if (image.error() != null || seen.add(key(image.file()))) {
                        images.add(image);
                    }
                }
                if (found.isEmpty()) {
                    warnings.add(argument + ": no " + (glob == null ? "image files" : "files matching '" + globText + "'")
                            + (recursive ? "" : " (use --recursive to look in sub-folders)"));
                } else if (images.size() == before) {
                    warnings.add(argument + ": its images were already given");
                }
            } else if (seen.add(key(argument))) {
                images.add(new ImageInput(argument, withoutExtension(argument.getFileName()), null));
            }
        }
        return new Scan(List.copyOf(images), List.copyOf(warnings));
    }

    /** The message when no image was found: where it looked, and for what. */
    public static String nothingFound(String what, List<Path> arguments, InputSelection options) {
        return "no images to " + what + " in " + String.join(", ", arguments.stream().map(Path::toString).toList())
                + (options.glob() == null ? " (image files are png, jpg, jpeg, bmp, gif, tif, tiff)"
                        : " matching --glob '" + options.glob() + "'")
                + (options.recursive() ? "" : "; --recursive also looks in sub-folders");
    }

    /**
     * Marks every image whose outputs would be those of an earlier one (same stem, e.g.
     * {@code x.png} and {@code x.tif}, or files of the same name given from two folders) as failed.
     */
    public static List<ImageInput> withOutputConflicts(List<ImageInput> images) {
        Map<String, ImageInput> byStem = new HashMap<>();
        List<ImageInput> out = new ArrayList<>(images.size());
        for (ImageInput image : images) {
            if (image.error() == null) {
                ImageInput first = byStem.putIfAbsent(slashes(image.stem()), image);
                if (first != null) {
                    image = new ImageInput(image.file(), image.stem(), "its outputs would overwrite those of "
                            + first.display() + " (same name " + slashes(image.stem()) + "); rename one, or process "
                            + "them in separate runs");
                }
            }
            out.add(image);
        }
        return out;
    }

    /** Whether a file name is that of a label, overlay, probability or criterion-plot file written by gmmseg. */
    public static boolean isOutputName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return OUTPUT_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    public static boolean hasImageExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static List<ImageInput> listFolder(Path folder, boolean recursive, PathMatcher glob, boolean matchPath,
            Path skip) throws IOException {
        List<Path> files = new ArrayList<>();
        List<ImageInput> unreadable = new ArrayList<>();
        Files.walkFileTree(folder, EnumSet.noneOf(java.nio.file.FileVisitOption.class),
                recursive ? Integer.MAX_VALUE : 1, new FileVisitor<Path>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (!dir.equals(folder) && (hidden(dir) || dir.toAbsolutePath().normalize().equals(skip))) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        Path relative = folder.relativize(file);
                        String name = file.getFileName().toString();
                        if (!hidden(file) && !isOutputName(name) && Files.isRegularFile(file)
                                && (glob == null ? hasImageExtension(name)
                                        : glob.matches(matchPath ? relative : file.getFileName()))) {
                            files.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        Path relative = folder.relativize(file);
                        unreadable.add(new ImageInput(file, relative, "cannot list or read ("
                                + FileErrors.describe(e) + ")"));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                        if (e != null) {
                            unreadable.add(new ImageInput(dir, folder.relativize(dir), "cannot list folder ("
                                    + FileErrors.describe(e) + ")"));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        files.sort(Comparator.comparing(f -> slashes(folder.relativize(f))));
        List<ImageInput> images = new ArrayList<>(files.size() + unreadable.size());
        for (Path file : files) {
            Path relative = folder.relativize(file);
            Path parent = relative.getParent();
            Path stem = withoutExtension(relative.getFileName());
            // stems are relative paths of the default file system, whichever file system the folder is on;
            // a local folder's name keeps its bytes, which the locale may not be able to decode
            Path parentStem = parent == null ? null
                    : parent.getFileSystem() == FileSystems.getDefault() ? parent : Path.of(slashes(parent));
            images.add(new ImageInput(file, parentStem == null ? stem : parentStem.resolve(stem), null));
        }
        images.addAll(unreadable);
        return images;
    }

    private static boolean hidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    /** The name without its extension, byte for byte even when the locale cannot decode it ({@link FileNames}). */
    private static Path withoutExtension(Path name) {
        if (name == null) {
            return Path.of("image");
        }
        // a stem is a path of the default file system, whichever file system the image is on
        return FileNames.withoutExtension(name.getFileSystem() == FileSystems.getDefault() ? name
                : Path.of(name.toString()));
    }

    /** A relative path with '/' separators, the same on every platform. */
    public static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
