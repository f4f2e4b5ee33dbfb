#!/usr/bin/env bash
# Remakes docs/images/readme-overlay.png, the picture at the top of README.md: the overlay gmmseg
# writes for one of the bundled sample images (David Legland's euro coins, CC BY 4.0, see
# samples/data/ATTRIBUTION.md) with three components fitted to the L*a*b* colours.
#
#   docs/make-readme-image.sh
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mktemp -d "${TMPDIR:-/tmp}/gmmseg-readme.XXXXXX")"
trap 'rm -rf "$out"' EXIT
"$root/gmmseg" segment "$root/samples/data/morpholibj_euro_coins.png" --components 3 --features lab --overlay \
  --out "$out" --quiet >/dev/null
mkdir -p "$root/docs/images"
cp "$out/morpholibj_euro_coins_overlay.png" "$root/docs/images/readme-overlay.png"
echo "wrote docs/images/readme-overlay.png"
