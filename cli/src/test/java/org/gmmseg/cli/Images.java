package org.gmmseg.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Test helpers: small synthetic images written with javax.imageio, and reading outputs back. */
final class Images {
    /** The repository's sample images (tests run in cli/). */
    static final Path SAMPLES = Path.of("..", "samples", "data");

    private Images() {
    }

    /**
     * A noisy RGB image of three vertical bands (dark, red, bright), seeded: three clear segments.
     */
    static Path rgb(Path file, int w, int h, long seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(seed);
        int[][] colours = {{30, 30, 40}, {200, 40, 40}, {230, 230, 220}};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] c = colours[x * 3 / w];
                int rgb = 0;
                for (int j = 0; j < 3; j++) {
                    int v = Math.max(0, Math.min(255, c[j] + random.nextInt(-12, 13)));
                    rgb = rgb << 8 | v;
                }
                img.setRGB(x, y, rgb);
            }
        }
        return write(file, img);
    }

    /**
     * An RGB image of three vertical bands (dark, red, bright) with Gaussian noise (sd 6), seeded:
     * three clear segments whose colours are Gaussian, so a criterion such as BIC finds three.
     */
    static Path gaussianRgb(Path file, int w, int h, long seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(seed);
        int[][] colours = {{30, 30, 40}, {200, 40, 40}, {220, 220, 210}};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] c = colours[x * 3 / w];
                int rgb = 0;
                for (int j = 0; j < 3; j++) {
                    double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
                    int v = (int) Math.max(0, Math.min(255, Math.round(c[j] + 6 * g)));
                    rgb = rgb << 8 | v;
                }
                img.setRGB(x, y, rgb);
            }
        }
        return write(file, img);
    }

    /** A noisy 8-bit gray image of two halves. */
    static Path gray(Path file, int w, int h, long seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        SplittableRandom random = new SplittableRandom(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (x < w / 2 ? 40 : 200) + random.nextInt(-10, 11));
            }
        }
        return write(file, img);
    }

    /** An RGB image with only the given colours, in vertical bands. */
    static Path colours(Path file, int w, int h, int... rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb[x * rgb.length / w]);
            }
        }
        return write(file, img);
    }

    /** A file that ends half way through a valid PNG. */
    static Path truncated(Path file) throws IOException {
        Path full = rgb(file, 40, 30, 9);
        byte[] bytes = Files.readAllBytes(full);
        return Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }

    /** A well-formed PNG whose header says 0 x 0 pixels. */
    static Path zeroSizedPng(Path file) throws IOException {
        return Files.write(file, headerOnlyPng(0, 0, 0));
    }

    /** An 8-bit RGB PNG of a header without pixel data: what a decompression bomb declares, in a few bytes. */
    static byte[] headerOnlyRgbPng(int w, int h) {
        return headerOnlyPng(w, h, 2);
    }

    private static byte[] headerOnlyPng(int w, int h, int colourType) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) colourType).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static Path write(Path file, BufferedImage img) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String name = file.getFileName().toString();
        String format = name.substring(name.lastIndexOf('.') + 1);
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IllegalStateException("no " + format + " writer");
        }
        return file;
    }

    /** The samples of band 0 of an image (e.g. a label image), row-major. */
    static int[] samples(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException(file + ": not readable by ImageIO");
        }
        return img.getRaster().getSamples(0, 0, img.getWidth(), img.getHeight(), 0, (int[]) null);
    }

    /** Width, height and number of pages (images) of an image file. */
    static int[] shape(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0), reader.getNumImages(true)};
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Every file below a folder, relative, with '/' separators, sorted; but gmmseg's state below an
     * output folder ({@code .gmmseg/lock} and {@code .gmmseg/outputs.json}, see {@link #state}).
     */
    static List<String> tree(Path folder) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).map(f -> folder.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> !f.startsWith(".gmmseg/")).forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    /** The files of gmmseg's state below an output folder, relative, sorted. */
    static List<String> state(Path out) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(out.resolve(".gmmseg"))) {
            walk.filter(Files::isRegularFile).map(f -> out.relativize(f).toString().replace('\\', '/'))
                    .forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    /** The lines of a report.csv. */
    static List<String> report(Path out) throws IOException {
        return Files.readAllLines(out.resolve("report.csv"));
    }
}
