package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import org.gmmseg.segmentation.axes.Axis;
import org.gmmseg.segmentation.axes.Calibration;

/**
 * The OME-XML of an OME-TIFF (the description of its first page), read with the JDK's XML parser:
 * the image's {@code Pixels} element ({@code DimensionOrder}, {@code SizeC}, {@code SizeZ},
 * {@code SizeT}, {@code PhysicalSizeX/Y/Z} with their units, {@code TimeIncrement}), the samples per
 * pixel of its channels, and its {@code TiffData} elements, which say which page (IFD) holds each
 * plane. Without {@code TiffData}, the planes are the pages in {@code DimensionOrder}.
 *
 * <p>Only single-file OME-TIFFs with one image are read; DOCTYPEs and external entities are refused.
 *
 * @param layout which page holds each plane; its channels count pages, so an RGB channel is one
 * @param samplesPerPixel samples of one page (3 for RGB)
 * @param calibration the voxel size (in the unit of PhysicalSizeX) and time increment
 */
record OmeMetadata(PageLayout layout, int samplesPerPixel, Calibration calibration) {
    /** The unit OME assumes for physical sizes and the time increment when none is given. */
    private static final String DEFAULT_UNIT = "\u00b5m";
    private static final String DEFAULT_TIME_UNIT = "s";

    /** Whether a TIFF description holds OME-XML. */
    static boolean is(String description) {
        if (description == null) {
            return false;
        }
        String head = description.stripLeading();
        return head.startsWith("<") && description.contains("<OME") || head.startsWith("<OME");
    }

    /**
     * Reads the OME-XML.
     *
     * @param fileName this file's name, to tell its own planes from those of other files
     * @param pageCount the number of pages the file has
     * @throws IllegalArgumentException naming the element or attribute that is missing or malformed
     */
    static OmeMetadata parse(String xml, String fileName, int pageCount) {
        Document doc = document(xml);
        List<Element> images = children(doc.getDocumentElement(), "Image");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("OME-XML has no Image element");
        }
        if (images.size() > 1) {
            throw new IllegalArgumentException("OME-XML describes " + images.size() + " images (series); only "
                    + "OME-TIFF files with one image can be read");
        }
        List<Element> pixelsList = children(images.get(0), "Pixels");
        if (pixelsList.isEmpty()) {
            throw new IllegalArgumentException("OME-XML Image has no Pixels element");
        }
        Element pixels = pixelsList.get(0);
        String order = attribute(pixels, "DimensionOrder");
        if (order == null || !order.matches("XY(ZCT|ZTC|CZT|CTZ|TZC|TCZ)")) {
            throw new IllegalArgumentException("Pixels 'DimensionOrder' is '" + order + "', expected XY followed by "
                    + "Z, C and T in some order, e.g. XYCZT");
        }
        int sizeC = size(pixels, "SizeC");
        int sizeZ = size(pixels, "SizeZ");
        int sizeT = size(pixels, "SizeT");
        int samples = 1;
        List<Element> channels = children(pixels, "Channel");
        if (!channels.isEmpty() && attribute(channels.get(0), "SamplesPerPixel") != null) {
            samples = size(channels.get(0), "SamplesPerPixel");
        }
        if (sizeC % samples != 0) {
            throw new IllegalArgumentException("Pixels 'SizeC' is " + sizeC + ", not a multiple of the channels' "
                    + "SamplesPerPixel " + samples);
        }
        int pageChannels = sizeC / samples;
        // DimensionOrder lists the fastest axis first; the plane index counts Z, C and T in that order
        List<Axis> slowestFirst = new ArrayList<>(3);
        int[] sizes = new int[3];
        for (int i = 4; i >= 2; i--) {
            Axis axis = Axis.of(order.charAt(i));
            sizes[slowestFirst.size()] = switch (axis) {
                case C -> pageChannels;
                case Z -> sizeZ;
                default -> sizeT;
            };
            slowestFirst.add(axis);
        }
        PageLayout byIndex = PageLayout.inOrder(slowestFirst, sizes);
        int planes = byIndex.planes();
        int[] pageOfPlaneIndex = tiffData(pixels, byIndex, planes, pageCount, fileName);
        int[] pages = new int[planes];
        for (int t = 0; t < sizeT; t++) {
            for (int z = 0; z < sizeZ; z++) {
                for (int c = 0; c < pageChannels; c++) {
                    int page = pageOfPlaneIndex[byIndex.page(c, z, t)];
                    if (page < 0) {
                        throw new IllegalArgumentException("OME-XML TiffData give no page for plane C=" + c + ", Z=" + z
                                + ", T=" + t);
                    }
                    pages[c + pageChannels * (z + sizeZ * t)] = page;
                }
            }
        }
        return new OmeMetadata(PageLayout.of(pageChannels, sizeZ, sizeT, pages), samples, calibration(pixels));
    }

    /**
     * The page of each plane index (the planes counted in DimensionOrder): from the TiffData
     * elements, or plane i on page i without any. -1 for a plane no TiffData maps.
     */
    private static int[] tiffData(Element pixels, PageLayout byIndex, int planes, int pageCount, String fileName) {
        List<Element> data = children(pixels, "TiffData");
        int[] page = new int[planes];
        if (data.isEmpty()) {
            if (planes > pageCount) {
                throw new IllegalArgumentException("OME-XML describes " + planes + " planes but the file has " + pageCount
                        + " pages");
            }
            for (int i = 0; i < planes; i++) {
                page[i] = i;
            }
            return page;
        }
        Arrays.fill(page, -1);
        for (Element d : data) {
            for (Element uuid : children(d, "UUID")) {
                String other = attribute(uuid, "FileName");
                if (other != null && !other.equals(fileName)) {
                    throw new IllegalArgumentException("OME-XML TiffData refer to planes in another file (" + other
                            + "); only single-file OME-TIFF can be read");
                }
            }
            boolean hasIfd = attribute(d, "IFD") != null;
            int ifd = hasIfd ? index(d, "IFD") : 0;
            int first = byIndex.page(index(d, "FirstC", byIndex.channels()), index(d, "FirstZ", byIndex.slices()),
                    index(d, "FirstT", byIndex.frames()));
            int count;
            if (attribute(d, "PlaneCount") != null) {
                count = size(d, "PlaneCount");
            } else {
                count = hasIfd ? 1 : planes; // the OME schema's defaults
            }
            for (int k = 0; k < count && first + k < planes; k++) {
                if (ifd + k >= pageCount) {
                    throw new IllegalArgumentException("OME-XML TiffData map a plane to IFD " + (ifd + k)
                            + " but the file has " + pageCount + " pages");
                }
                page[first + k] = ifd + k;
            }
        }
        return page;
    }

    private static Calibration calibration(Element pixels) {
        String unit = unit(pixels, "PhysicalSizeXUnit", DEFAULT_UNIT);
        boolean physical = attribute(pixels, "PhysicalSizeX") != null || attribute(pixels, "PhysicalSizeY") != null
                || attribute(pixels, "PhysicalSizeZ") != null;
        double x = physical(pixels, "PhysicalSizeX", unit);
        double y = physical(pixels, "PhysicalSizeY", unit);
        double z = physical(pixels, "PhysicalSizeZ", unit);
        double interval = 0;
        String timeUnit = unit(pixels, "TimeIncrementUnit", DEFAULT_TIME_UNIT);
        String increment = attribute(pixels, "TimeIncrement");
        if (increment != null) {
            interval = number(pixels, "TimeIncrement");
        }
        return new Calibration(x, y, z, physical ? unit : Calibration.PIXEL, interval, timeUnit);
    }

    /** A physical size in {@code unit}: converted from the attribute's own unit; 1 when absent. */
    private static double physical(Element pixels, String name, String unit) {
        if (attribute(pixels, name) == null) {
            return 1;
        }
        double v = number(pixels, name);
        if (!(v > 0)) {
            throw new IllegalArgumentException("Pixels '" + name + "' is " + v + ", expected a number > 0");
        }
        String own = unit(pixels, name + "Unit", DEFAULT_UNIT);
        double factor = Calibration.conversion(own, unit);
        if (Double.isNaN(factor)) {
            throw new IllegalArgumentException("Pixels '" + name + "Unit' is '" + own + "', which cannot be converted "
                    + "to '" + unit + "'");
        }
        return v * factor;
    }

    private static String unit(Element e, String name, String fallback) {
        String u = attribute(e, name);
        return u == null || u.isBlank() ? fallback : u;
    }

    private static Document document(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no usable XML parser", e);
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("OME-XML is not well-formed (" + String.valueOf(e.getMessage()).trim() + ")",
                    e);
        }
    }

    /** The child elements with a local name, in document order. */
    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && localName.equals(localName(e))) {
                out.add(e);
            }
        }
        return out;
    }

    private static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    private static String attribute(Element e, String name) {
        return e.hasAttribute(name) ? e.getAttribute(name).trim() : null;
    }

    private static int size(Element e, String name) {
        String v = attribute(e, name);
        try {
            int n = v == null ? 0 : Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(localName(e) + " '" + name + "' is " + (v == null ? "missing" : "'" + v + "'")
                + ", expected a whole number >= 1");
    }

    private static int index(Element e, String name) {
        return index(e, name, Integer.MAX_VALUE);
    }

    /** A zero-based index below {@code limit}, 0 when absent. */
    private static int index(Element e, String name, int limit) {
        String v = attribute(e, name);
        if (v == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0 && n < limit) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(localName(e) + " '" + name + "' is '" + v + "', expected a whole number from 0"
                + (limit == Integer.MAX_VALUE ? "" : " to " + (limit - 1)));
    }

    private static double number(Element e, String name) {
        String v = attribute(e, name);
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d) && d >= 0) {
                return d;
            }
        } catch (NumberFormatException | NullPointerException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(localName(e) + " '" + name + "' is '" + v + "', expected a number >= 0");
    }
}
