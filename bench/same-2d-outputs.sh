#!/usr/bin/env bash
# Checks that the bundled 2-D sample images give the same outputs as at another commit (by default main):
# builds that commit's command line from `git archive` in a temporary folder and this checkout's, runs both on
# samples/data with several option sets, and compares every output: PNG, JSON, CSV, SVG and stdout byte for byte,
# TIFFs by their pixels (with Debian's python3-tifffile; their ImageJ description and resolution tags are new).
# Usage: bench/same-2d-outputs.sh [REF]   (run from anywhere; needs the Maven dependencies in ~/.m2)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ref="${1:-main}"
work="$(mktemp -d "${TMPDIR:-/tmp}/gmmseg-same2d.XXXXXX")"
trap 'rm -rf "$work"' EXIT
data="$root/samples/data"

echo "building $ref and this checkout"
mkdir -p "$work/base"
git -C "$root" archive "$ref" | tar -x -C "$work/base"
(cd "$work/base" && mvn -o -q -B -DskipTests -pl cli -am package) >"$work/build-base.log" 2>&1 ||
  { cat "$work/build-base.log"; exit 1; }
(cd "$root" && mvn -o -q -B -DskipTests -pl cli -am package) >"$work/build-new.log" 2>&1 ||
  { cat "$work/build-new.log"; exit 1; }

run() { # run NAME JAR ARGS...: in $work/NAME/run, stdout to stdout.txt
  local dir="$work/$1/run" jar="$2"
  shift 2
  mkdir -p "$dir"
  (cd "$dir" && java --add-modules jdk.incubator.vector -jar "$jar" "$@" >stdout.txt 2>/dev/null) || true
}
variants=(
  "segment $data --components 3 --out out/a"
  "segment $data --components 3 --features lab+xy --xy-weight 2 --probabilities --overlay --out out/b"
  "segment $data --components 2..5 --select icl --features hsv --plot svg --out out/c"
  "segment $data --components 3 --features gray --shared-model --out out/d"
  "segment $data --components 4 --smooth 1.5 --mask-format tif --out out/e"
  "apply --model out/a/skimage_coffee_model.json $data --probabilities --out out/f"
  "fit $data/skimage_coffee.png $data/skimage_chelsea.png --components 3 --features lab --model out/g/model.json"
)
status=0
for i in "${!variants[@]}"; do
  read -r -a args <<<"${variants[$i]}"
  run base "$work/base/cli/target/gmmseg.jar" "${args[@]}"
  mv "$work/base/run/stdout.txt" "$work/base/run/stdout-$i.txt"
  run new "$root/cli/target/gmmseg.jar" "${args[@]}"
  mv "$work/new/run/stdout.txt" "$work/new/run/stdout-$i.txt"
done
compared=0
while IFS= read -r -d '' file; do
  rel="${file#"$work/base/run/"}"
  other="$work/new/run/$rel"
  compared=$((compared + 1))
  if [[ ! -f "$other" ]]; then
    echo "MISSING $rel"; status=1
  elif [[ "$rel" == *.tif ]]; then
    /usr/bin/python3 -c 'import sys, numpy, tifffile
a, b = (tifffile.imread(f) for f in sys.argv[1:])
sys.exit(0 if a.shape == b.shape and a.dtype == b.dtype and numpy.array_equal(a, b, equal_nan=True) else 1)' \
      "$file" "$other" || { echo "PIXELS DIFFER $rel"; status=1; }
  elif ! cmp -s "$file" "$other"; then
    echo "DIFFER $rel"; status=1
  fi
done < <(find "$work/base/run" -type f -print0 | sort -z)
extra=$(cd "$work/new/run" && find . -type f | sed 's|^\./||' | while read -r f; do [[ -f "$work/base/run/$f" ]] || echo "$f"; done)
[[ -z "$extra" ]] || { echo "NEW FILES: $extra"; status=1; }
echo "compared $compared files of ${#variants[@]} command lines against $ref ($(git -C "$root" rev-parse --short "$ref")): $([[ $status == 0 ]] && echo same || echo DIFFERENT)"
exit $status
