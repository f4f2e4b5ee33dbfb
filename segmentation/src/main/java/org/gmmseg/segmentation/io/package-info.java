/**
 * Image and mask files: {@link org.gmmseg.segmentation.io.ImageReader} turns PNG, JPEG, TIFF, BMP and GIF files into
 * {@link org.gmmseg.segmentation.io.ImageData} (an imglib2 X, Y, C image plus its
 * {@link org.gmmseg.segmentation.io.ChannelLayout} and bit depth), and
 * {@link org.gmmseg.segmentation.io.ImageWriter} writes label maps (8/16-bit PNG or TIFF), probability maps (32-bit
 * float multi-page TIFF) and RGB overlays (PNG), each atomically.
 *
 * <p>Only the JDK's {@code javax.imageio} and imglib2 are used. Read errors are
 * {@link org.gmmseg.segmentation.io.ImageReadException}s with one-line messages naming the file, meant to be shown
 * to the user as they are.
 */
package org.gmmseg.segmentation.io;
