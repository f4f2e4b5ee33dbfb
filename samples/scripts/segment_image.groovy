#@ File (label = "Image", style = "open") input
#@ File (label = "Label image (TIFF)", style = "save") output
#@ Integer (label = "Components", value = 3, min = 1) components
#@ String (label = "Features", choices = {"lab", "rgb", "hsv", "gray", "channels"}, value = "lab") features
#@ Long (label = "Seed", value = 1) seed

/*
 * Segments one image with a Gaussian mixture and saves the label image (labels 1..K, with the
 * gmmseg colour table) as a TIFF next to a JSON model.
 *
 * In Fiji: open this file in the Script Editor (File > Open...) and press Run; the #@ lines
 * above make Fiji ask for the inputs (or set them when run headless:
 *   ImageJ-linux64 --headless --run segment_image.groovy \
 *     'input="/data/cells.png",output="/data/cells-labels.tif",components=3,features="lab",seed=1'
 * Elsewhere (plain ImageJ, tests) bind the same variables before evaluating the script.
 */

import ij.IJ
import org.gmmseg.segmentation.GmmSegmentation
import org.gmmseg.segmentation.SegmentationOptions
import org.gmmseg.fiji.ImagePlusSegmentation

def imp = IJ.openImage(input.path)
if (imp == null) {
    throw new IllegalArgumentException("cannot open ${input}")
}

def options = SegmentationOptions.of(components).withFeatures(features).withSeed(seed)
def model = ImagePlusSegmentation.fit(imp, options)     // one model on all slices of a stack
def labels = ImagePlusSegmentation.labels(imp, model)   // "<title>-labels", 8-bit for K <= 255

IJ.saveAsTiff(labels, output.path)
def modelFile = output.path.replaceFirst(/\.tiff?$/, "") + ".json"
GmmSegmentation.save(model, modelFile)

println "${imp.title}: ${model.components()} components on ${model.pipeline().names()}, " +
        "${model.fit().iterations()} iterations -> ${output.path}, ${modelFile}"
