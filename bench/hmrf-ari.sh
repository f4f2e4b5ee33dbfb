#!/usr/bin/env bash
# Mean adjusted Rand index of plain GMM, --mrf 1 and --mrf auto labels against people's annotations:
# BSDS500 (30 photos, K = 4) and DSB2018 (17 nuclei images, K = 2) for rgb, lab, lab+xy and
# lab+xy --smooth 2, seeds 1-3 (72 runs, about 25 minutes on 2 cores). Prints one line per run,
# "SET FEATURES MODE SEED images=N mean_ari=A", and keeps the runs in bench/work/hmrf-ari/.
#
#   bench/hmrf-ari.sh
#
# Needs ../shared (data/groundtruth and bench/ari.py) and Debian's scikit-learn and scikit-image.
set -euo pipefail

root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${GMMSEG_SHARED:-$root/../shared}"
truth="$shared/data/groundtruth"
work="$root/bench/work/hmrf-ari"
py=/usr/bin/python3
mkdir -p "$work/dsb2018"
# the nuclei images alone: their folder also holds the annotations
"$py" - "$truth" "$work/dsb2018" <<'PY'
import json, os, shutil, sys
truth, out = sys.argv[1], sys.argv[2]
for r in json.load(open(os.path.join(truth, "manifest.json"))):
    if r["set"] == "dsb2018":
        shutil.copyfile(os.path.join(truth, r["image"]), os.path.join(out, os.path.basename(r["image"])))
PY
for seed in 1 2 3; do
  for set in bsds500 dsb2018; do
    if [[ $set == bsds500 ]]; then in="$truth/bsds500" glob='*.jpg' k=4; else in="$work/dsb2018" glob='*.png' k=2; fi
    for config in rgb lab lab+xy lab+xy:2; do
      features=${config%%:*} smooth=0
      [[ $config == *:* ]] && smooth=${config##*:}
      for mode in none 1 auto; do
        out="$work/runs/$set/$config/$mode/$seed"
        rm -rf "$out"
        args=(segment "$in" --glob "$glob" -k "$k" --features "$features" --seed "$seed" --out "$out" --quiet)
        [[ $smooth == 0 ]] || args+=(--smooth "$smooth")
        [[ $mode == none ]] || args+=(--mrf "$mode")
        "$root/gmmseg" "${args[@]}" >/dev/null
        echo "$set $config $mode $seed $("$py" "$shared/bench/ari.py" "$out" --set "$set" | tail -1)"
      done
    done
  done
done
