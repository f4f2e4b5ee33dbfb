#@ File (label = "Input folder", style = "directory") input_dir
#@ File (label = "Output folder", style = "directory") output_dir
#@ Integer (label = "Components", value = 3, min = 1) components
#@ String (label = "Features", choices = {"lab", "rgb", "hsv", "gray", "channels"}, value = "lab") features

# Segments every image of a folder with ONE Gaussian mixture fitted on all of them, so that a
# label means the same class in every image. Writes <name>-labels.tif per image and model.json.
#
# In Fiji: open in the Script Editor (language Python, i.e. Jython) and press Run; the #@ lines
# above make Fiji ask for the inputs. Headless:
#   ImageJ-linux64 --headless --run segment_folder.py \
#     'input_dir="/data/in",output_dir="/data/out",components=3,features="lab"'
# Elsewhere (plain ImageJ, tests) bind the same variables before evaluating the script.

import os

from ij import IJ
from org.gmmseg.segmentation import GmmSegmentation, SegmentationOptions
from org.gmmseg.fiji import ImagePlusBridge, ImagePlusSegmentation

EXTENSIONS = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif")

in_dir = input_dir.getPath()
out_dir = output_dir.getPath()
if not os.path.isdir(out_dir):
    os.makedirs(out_dir)

names = sorted(n for n in os.listdir(in_dir) if n.lower().endswith(EXTENSIONS))
images = []
for name in names:
    imp = IJ.openImage(os.path.join(in_dir, name))
    if imp is None:
        print("skipped %s: not an image ImageJ can open" % name)
        continue
    images.append(imp)

# every plane (slice) of every image takes part in the fit; at most 50000 pixels of each
planes = []
for imp in images:
    planes.extend(ImagePlusBridge.planes(imp))
options = (SegmentationOptions.of(components).withFeatures(features)
           .withSeed(1).withMaxSamples(50000))
model = GmmSegmentation.fitShared(planes, options)
GmmSegmentation.save(model, os.path.join(out_dir, "model.json"))
print("shared model: %d components on %s" % (model.components(), model.pipeline().names()))

for imp in images:
    labels = ImagePlusSegmentation.labels(imp, model)
    base = os.path.splitext(imp.getTitle())[0]
    path = os.path.join(out_dir, base + "-labels.tif")
    IJ.saveAsTiff(labels, path)
    print("wrote " + path)
