package org.gmmseg.segmentation.io;

/** File format of written label maps and masks. */
public enum MaskFormat {
    /** Gray PNG, 8- or 16-bit. */
    PNG("png"),
    /** Single-page gray TIFF, 8- or 16-bit, Deflate-compressed. */
    TIF("tif");

    private final String extension;

    MaskFormat(String extension) {
        this.extension = extension;
    }

    /** File name extension without the dot. */
    public String extension() {
        return extension;
    }
}
