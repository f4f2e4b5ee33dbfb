#!/usr/bin/env bash
# gmmseg-spark against gmmseg on this machine (docs/spark.md, "Speed"): run it under the machine's
# benchmark lock where others build. Prints a small table; writes nothing but bench/work/.
#
#   bench/spark.sh [PAIRS]    PAIRS interleaved runs of each (default 3), medians reported
#
# 1. The 30 BSDS500 photos of ../shared/data/groundtruth/bsds500 (bench/run.sh's folder target:
#    every *.jpg there, K = 4): ./gmmseg segment against ./gmmseg-spark segment --master local[2],
#    whole commands, and the outputs compared (labels, models and the record of options identical,
#    the report but for the output folder; not the output folder's lock, which names the process).
# 2. EM passes on 1e6 rows, D = 3, K = 8 (gen_mixture.py 1000000 3 8 1), from one initial model,
#    full covariances: fit --tol 0 with 22 and with 2 iterations; (t22 - t2) / 20 is the time of an
#    iteration, with EmFitter (./gmmseg fit) and with --distributed-em on local[2].
set -euo pipefail

root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${GMMSEG_SHARED:-$root/../shared}"
work="$root/bench/work"
pairs="${1:-3}"
mkdir -p "$work"
cd "$root"
"$root/gmmseg" --version >/dev/null
"$root/gmmseg-spark" --version >/dev/null

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
seconds() { local TIMEFORMAT=%R; { time "$@" >/dev/null 2>&1; } 2>&1; }

photos="$shared/data/groundtruth/bsds500"
n_photos=$(find "$photos" -maxdepth 1 -name '*.jpg' | wc -l)
: >"$work/spark_cli.txt"
: >"$work/spark_spark.txt"
for ((i = 0; i < pairs; i++)); do
  rm -rf "$work/seg_cli" "$work/seg_spark"
  seconds ./gmmseg segment "$photos" --glob '*.jpg' -k 4 --out "$work/seg_cli" -q >>"$work/spark_cli.txt"
  seconds ./gmmseg-spark segment "$photos" --glob '*.jpg' -k 4 --out "$work/seg_spark" --master 'local[2]' \
    >>"$work/spark_spark.txt"
done
diff -r -x report.csv -x lock "$work/seg_cli" "$work/seg_spark" >/dev/null || { echo "outputs differ" >&2; exit 1; }
cmp <(sed "s#$work/seg_cli#OUT#" "$work/seg_cli/report.csv") <(sed "s#$work/seg_spark#OUT#" "$work/seg_spark/report.csv")
t_cli=$(median <"$work/spark_cli.txt")
t_spark=$(median <"$work/spark_spark.txt")

table="$work/mixture_n1000000_d3_k8.npy"
[[ -f "$table" ]] || /usr/bin/python3 "$shared/bench/gen_mixture.py" 1000000 3 8 1 "$table"
init="$work/spark_init.json"
[[ -f "$init" ]] || ./gmmseg fit "$table" -k 8 --max-iter 1 --tol 0 --model "$init" >/dev/null 2>&1
declare -A t
for run in cli2 cli22 spark2 spark22; do : >"$work/spark_$run.txt"; done
for ((i = 0; i < pairs; i++)); do
  for n in 2 22; do
    seconds ./gmmseg fit "$table" --init-model "$init" --max-iter $n --tol 0 --model "$work/spark_cli.json" \
      >>"$work/spark_cli$n.txt"
    seconds ./gmmseg-spark fit "$table" --init-model "$init" --max-iter $n --tol 0 --model "$work/spark_spark.json" \
      --distributed-em --master 'local[2]' >>"$work/spark_spark$n.txt"
    cmp "$work/spark_cli.json" "$work/spark_spark.json"
  done
done
for run in cli2 cli22 spark2 spark22; do t[$run]=$(median <"$work/spark_$run.txt"); done

echo "machine: $(nproc) cores, load $(cut -d ' ' -f 1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
printf '%s photos, K = 4: gmmseg %.2f s (%.1f images/s), gmmseg-spark local[2] %.2f s (%.1f images/s); outputs identical\n' \
  "$n_photos" "$t_cli" "$(awk -v n="$n_photos" -v t="$t_cli" 'BEGIN{print n/t}')" \
  "$t_spark" "$(awk -v n="$n_photos" -v t="$t_spark" 'BEGIN{print n/t}')"
awk -v a2="${t[cli2]}" -v a22="${t[cli22]}" -v b2="${t[spark2]}" -v b22="${t[spark22]}" 'BEGIN {
  a = (a22 - a2) / 20 * 1000; b = (b22 - b2) / 20 * 1000
  printf "EM iteration, 1e6 x 3, K = 8, full: EmFitter %.1f ms, --distributed-em local[2] %.1f ms (+%.1f ms); models identical\n", a, b, b - a
  printf "  (whole fits: gmmseg %.2f / %.2f s, gmmseg-spark %.2f / %.2f s for 2 / 22 iterations)\n", a2, a22, b2, b22 }'
