package org.gmmseg.segmentation.io;

import java.util.Arrays;
import java.util.List;

import org.gmmseg.segmentation.axes.Axis;

/**
 * Which page (TIFF image file directory) of a multi-page file holds each plane of an image: a
 * plane is one channel c of one slice z of one frame t, and {@link #page(int, int, int)} is the
 * zero-based page that holds it. When pages have several samples (RGB), one page holds all of them,
 * and {@link #channels()} counts pages, not samples. Immutable.
 */
final class PageLayout {
    private final int channels;
    private final int slices;
    private final int frames;
    private final int[] pages;

    private PageLayout(int channels, int slices, int frames, int[] pages) {
        this.channels = channels;
        this.slices = slices;
        this.frames = frames;
        this.pages = pages;
    }

    /**
     * Pages in the order the axes give, slowest first, e.g. [T, Z, C] for ImageJ (channel fastest):
     * page p holds the plane whose indices, read as digits in that order, make p.
     *
     * @param sizes the size of each axis in {@code slowestFirst}
     */
    static PageLayout inOrder(List<Axis> slowestFirst, int[] sizes) {
        int c = 1;
        int z = 1;
        int t = 1;
        for (int i = 0; i < slowestFirst.size(); i++) {
            switch (slowestFirst.get(i)) {
                case C -> c = sizes[i];
                case Z -> z = sizes[i];
                case T -> t = sizes[i];
                default -> throw new IllegalArgumentException(slowestFirst.get(i) + " is not a page axis");
            }
        }
        int[] pages = new int[Math.multiplyExact(Math.multiplyExact(c, z), t)];
        int[] index = new int[slowestFirst.size()];
        for (int p = 0; p < pages.length; p++) {
            int ci = 0;
            int zi = 0;
            int ti = 0;
            for (int i = 0; i < index.length; i++) {
                switch (slowestFirst.get(i)) {
                    case C -> ci = index[i];
                    case Z -> zi = index[i];
                    default -> ti = index[i];
                }
            }
            pages[ci + c * (zi + z * ti)] = p;
            for (int i = index.length - 1; i >= 0; i--) { // next index, fastest axis first
                if (++index[i] < sizes[i]) {
                    break;
                }
                index[i] = 0;
            }
        }
        return new PageLayout(c, z, t, pages);
    }

    /**
     * A layout from an explicit map of planes to pages.
     *
     * @param pages page of plane (c, z, t) at {@code c + channels * (z + slices * t)}; copied
     */
    static PageLayout of(int channels, int slices, int frames, int[] pages) {
        if (pages.length != (long) channels * slices * frames) {
            throw new IllegalArgumentException(pages.length + " pages for " + channels + " x " + slices + " x " + frames);
        }
        return new PageLayout(channels, slices, frames, pages.clone());
    }

    /** All pages are slices. */
    static PageLayout slices(int pages) {
        return inOrder(List.of(Axis.Z), new int[] {pages});
    }

    int channels() {
        return channels;
    }

    int slices() {
        return slices;
    }

    int frames() {
        return frames;
    }

    /** Number of planes, and of pages used. */
    int planes() {
        return pages.length;
    }

    int page(int c, int z, int t) {
        return pages[c + channels * (z + slices * t)];
    }

    /** The largest page index used. */
    int lastPage() {
        return Arrays.stream(pages).max().orElse(-1);
    }

    @Override
    public String toString() {
        return channels + " channel(s) x " + slices + " slice(s) x " + frames + " frame(s)";
    }
}
