package org.gmmseg.segmentation.io;

/** What the channels of an {@link ImageData} mean. Alpha, when present, is always the last channel. */
public enum ChannelLayout {
    /** One intensity channel. */
    GRAY(1, true),
    /** Intensity, then alpha. */
    GRAY_ALPHA(2, true),
    /** Red, green, blue. */
    RGB(3, false),
    /** Red, green, blue, then alpha. */
    RGBA(4, false),
    /**
     * Any number of channels without colour meaning, e.g. the bands of a multi-band TIFF or the pages of a
     * multi-page TIFF (one channel per page). None of them is treated as alpha.
     */
    CHANNELS(-1, false);

    private final int channels;
    private final boolean gray;

    ChannelLayout(int channels, boolean gray) {
        this.channels = channels;
        this.gray = gray;
    }

    /** The number of channels this layout has, or -1 for {@link #CHANNELS} (any number, at least one). */
    public int channelCount() {
        return channels;
    }

    /** Whether the last channel is alpha. */
    public boolean hasAlpha() {
        return this == GRAY_ALPHA || this == RGBA;
    }

    /** Whether this is {@link #GRAY} or {@link #GRAY_ALPHA}. */
    public boolean isGray() {
        return gray;
    }

    /** Whether an image with this many channels can have this layout. */
    public boolean accepts(int channelCount) {
        return this.channels < 0 ? channelCount >= 1 : channelCount == this.channels;
    }
}
