#!/usr/bin/env bash
# Side-by-side benchmarks of gmmseg and scikit-learn on this machine; writes docs/benchmarks.md.
#
#   bench/run.sh            everything (about 25 minutes on 2 cores)
#   bench/run.sh --quick    smaller sweeps and one round (about 8 minutes), for a first look
#
# Needs what the tests need (a JDK 17+ and Maven) plus Debian's scikit-learn for the peer:
#   apt-get update && apt-get install -y python3-sklearn python3-skimage
# Data are generated into bench/work/ (git-ignored) with ../shared/bench/gen_mixture.py; the folder
# benchmark uses ../shared/data/groundtruth/bsds500. Every ratio compares runs made here, in one go,
# on the same data, from the same initial model and for the same number of iterations.
set -euo pipefail

root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${GMMSEG_SHARED:-$root/../shared}"
work="$root/bench/work"
py=/usr/bin/python3
quick=false
[[ "${1:-}" == "--quick" ]] && quick=true

say() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 2; }

[[ -d "$shared/bench" ]] || die "no shared benchmark scripts at $shared/bench (set GMMSEG_SHARED)"
"$py" -c 'import sklearn, skimage' 2>/dev/null ||
  die "scikit-learn is missing; install it with: apt-get update && apt-get install -y python3-sklearn python3-skimage"
mkdir -p "$work"
cd "$root"

# How busy the machine was while this ran: its CPU ticks (/proc/stat), less this script's own
# (its children's CPU time), as a share of all the CPU time there was; and the load averages.
cpu_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat; }
read -r busy0 all0 < <(cpu_ticks)
load0=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------------ build
say "building gmmseg (tests skipped) and the JMH benchmarks"
# package, not install: nothing of this checkout goes into the shared ~/.m2
mvn -q -B -ntp -DskipTests package >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; die "build failed"; }
mvn -q -B -ntp -pl core dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/core.classpath" >>"$work/build.log" 2>&1
jmh_cp="core/target/test-classes:core/target/classes:$(cat "$work/core.classpath")"
gmmseg="$root/gmmseg"
"$gmmseg" --version >/dev/null # builds the launcher's jar if needed

# wall-clock seconds of a command (its output discarded); the median of $repeats runs
repeats=3
$quick && repeats=1
# Each speed-up against scikit-learn is the ratio of medians over $rounds rounds, a round being one
# scikit-learn run followed at once by one JMH fork of gmmseg: the machine's speed drifts by up to
# 1.7x between minutes (docs/benchmarks.md, "How far one run of bench/run.sh can be trusted"), and
# pairing lets both sides meet each state of it alike.
rounds=3
$quick && rounds=1
pairs=5 # scikit-learn and gmmseg runs of the whole fit (2.), one after the other
$quick && pairs=1
((pairs >= rounds)) || pairs=$rounds
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
wall() {
  local i TIMEFORMAT=%R
  for ((i = 0; i < repeats; i++)); do
    { time "$@" >/dev/null 2>&1; } 2>&1
  done | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
# the lowest and highest of the rounds' ratios, from lines "scikit-learn-ms gmmseg-ms": "47.1-55.0"
ratio_range() { awk '{ r = $1 / $2; lo = (NR == 1 || r < lo) ? r : lo; hi = (NR == 1 || r > hi) ? r : hi }
  END { printf "%.1f-%.1f", lo, hi }'; }
# the value of key=value in a line of output
field() { tr ' ' '\n' | sed -n "s/^$1=//p" | head -1; }

# a JMH benchmark of core's tests: jmh_run CLASS NAME ARGS..., its results in $work/NAME.csv
jmh_run() {
  local bench=$1 name=$2
  shift 2
  java -cp "$jmh_cp" org.openjdk.jmh.Main "$bench" -wi "$jmh_warmup" -i "$jmh_iter" -w 1 -r 1 -f 1 \
    -rf csv -rff "$work/$name.csv" "$@" >"$work/$name.txt" 2>&1 || { tail -20 "$work/$name.txt" >&2; die "JMH $bench failed"; }
}
# JMH average time (ms/op) of EmIterationBenchmark for the given -p parameters, one line per thread count
jmh_iteration() {
  jmh_run EmIterationBenchmark jmh "$@"
  # "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit",params...
  "$py" - "$work/jmh.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
head = rows[0]
for r in rows[1:]:
    d = dict(zip(head, r))
    print(d["Param: threads"], float(d["Score"]), float(d["Score Error (99.9%)"]))
EOF
}
jmh_warmup=5
jmh_iter=5
$quick && { jmh_warmup=3; jmh_iter=3; }

machine_cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
machine_cores=$(nproc)
machine_mem=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')
java_version=$(java -version 2>&1 | head -1)
sk_version=$("$py" -c 'import sklearn, numpy; print("scikit-learn", sklearn.__version__, "with numpy", numpy.__version__)')
kernel=$("$gmmseg" --version | sed -n 's/^EM kernel: //p')
threads_list="1,2"
(( machine_cores > 2 )) && threads_list="1,2,$machine_cores"

# ------------------------------------------------------------------ 1. EM iteration, N = 1e6
n_main=1000000
iters=20
table="$work/mixture_n${n_main}_d3_k8.npy"
[[ -f "$table" ]] || { say "generating $table"; "$py" "$shared/bench/gen_mixture.py" "$n_main" 3 8 1 "$table"; }

declare -A sk_ms sk_ll gm_ll gm_ms1 gm_ms2 sk_wall range1
: >"$work/gm_wall.txt"
for cov in full diag tied spherical; do
  init="$work/init_${cov}.json"
  if [[ ! -f "$init" ]]; then
    say "initial model ($cov): scikit-learn's k-means start and one EM step"
    "$py" "$shared/bench/sklearn_fit.py" "$table" --components 8 --covariance "$cov" --max-iter 1 --tol 0 \
      --out "$init" >/dev/null
  fi
  say "$cov: scikit-learn's $iters iterations from the initial model and gmmseg's JMH, $rounds rounds"
  sk_runs=$rounds
  [[ "$cov" == full ]] && sk_runs=$pairs # the full runs also time the whole process (2.)
  th="1,2"
  [[ "$cov" == full ]] && th=$threads_list # 5. thread scaling
  : >"$work/sk_${cov}.txt"
  : >"$work/gm_${cov}.txt" # "round threads ms" per line
  for ((r = 0; r < sk_runs; r++)); do
    { /usr/bin/time -f 'wall=%e' "$py" "$shared/bench/sklearn_fit.py" "$table" --components 8 --covariance "$cov" \
      --init-model "$init" --max-iter "$iters" --tol 0 --out "$work/sk_fit_${cov}.json"; } >>"$work/sk_${cov}.txt" 2>&1
    if ((r < rounds)); then
      jmh_iteration -p table="$table" -p initModel="$init" -p covariance="$cov" -p threads="$th" |
        while read -r t ms err; do echo "$r $t $ms"; done >>"$work/gm_${cov}.txt"
    fi
    # 2. whole process: each scikit-learn run is followed by the same fit with gmmseg, so that both
    # sides of a pair meet the same load on the machine (it drifts by tens of percent in minutes)
    if [[ "$cov" == full ]]; then
      /usr/bin/time -f 'wall=%e' "$gmmseg" fit "$table" --components 8 --init-model "$init" --max-iter "$iters" \
        --tol 0 --model "$work/gm_fit_wall.json" 2>&1 >/dev/null | grep '^wall=' >>"$work/gm_wall.txt"
    fi
  done
  sk_rounds=$(grep -o 'ms_per_iter=[0-9.]*' "$work/sk_${cov}.txt" | cut -d= -f2 | head -"$rounds")
  sk_ms[$cov]=$(median <<<"$sk_rounds")
  sk_ll[$cov]=$(grep -o 'mean_loglik=[-0-9.]*' "$work/sk_${cov}.txt" | tail -1 | cut -d= -f2)
  sk_wall[$cov]=$(grep -o 'wall=[0-9.]*' "$work/sk_${cov}.txt" | cut -d= -f2 | median)
  gm_ms1[$cov]=$(awk '$2 == 1 {print $3}' "$work/gm_${cov}.txt" | median)
  gm_ms2[$cov]=$(awk '$2 == 2 {print $3}' "$work/gm_${cov}.txt" | median)
  range1[$cov]=$(paste -d' ' <(echo "$sk_rounds") <(awk '$2 == 2 {print $3}' "$work/gm_${cov}.txt") | ratio_range)
  say "gmmseg, $cov: the same fit, for its log-likelihood"
  "$gmmseg" fit "$table" --components 8 --init-model "$init" --max-iter "$iters" --tol 0 \
    --model "$work/gm_fit_${cov}.json" >/dev/null 2>&1
  gm_ll[$cov]=$("$py" -c 'import json,sys; print(repr(json.load(open(sys.argv[1]))["fit"]["logLikelihood"]))' \
    "$work/gm_fit_${cov}.json")
done

# the scalar kernel (GMMSEG_SIMD=0 / no Vector API module, as in Fiji), 1 and 2 threads
declare -A sc_ms1 sc_ms2
for cov in full diag tied spherical; do
  say "gmmseg, $cov: the scalar kernel"
  while read -r t ms err; do
    [[ "$t" == 1 ]] && sc_ms1[$cov]=$ms
    [[ "$t" == 2 ]] && sc_ms2[$cov]=$ms
  done < <(jmh_iteration -p table="$table" -p initModel="$work/init_${cov}.json" -p covariance="$cov" \
    -p threads=1,2 -jvmArgsAppend "-Dgmmseg.simd=false")
done
scalar1=${sc_ms1[full]}
read -r _ simd256 _ < <(jmh_iteration -p table="$table" -p initModel="$work/init_full.json" -p covariance=full \
  -p threads=1 -jvmArgsAppend "--add-modules jdk.incubator.vector -Dgmmseg.simd.bits=256")

# thread scaling on every core: the full rounds above, "threads median min max" per line
scaling=$(for t in ${threads_list//,/ }; do
  runs=$(awk -v t="$t" '$2 == t {print $3}' "$work/gm_full.txt" | sort -g)
  echo "$t $(median <<<"$runs") $(head -1 <<<"$runs") $(tail -1 <<<"$runs")"
done)

# ------------------------------------------------------------------ K and D sweep (N = 200000)
sweep_n=200000
sweep_iters=5
sweep_warmup=3 # shorter forks than section 1's: there are $rounds per point
sweep_measured=3
sweep_jmh() { jmh_warmup=$sweep_warmup jmh_iter=$sweep_measured jmh_iteration "$@"; }
# K at D = 3 (full), then D for every covariance type (K = 8)
sweep="full,2,3 full,8,3 full,32,3"
sweep_d="4 6 8 12 16"
$quick && { sweep="full,2,3 full,32,3"; sweep_d="4 8 16"; }
for cov in full diag tied spherical; do
  for d in $sweep_d; do sweep+=" $cov,8,$d"; done
done
sweep_rows=""
for ckd in $sweep; do
  IFS=, read -r cov k d <<<"$ckd"
  t="$work/mixture_n${sweep_n}_d${d}_k${k}.npy"
  [[ -f "$t" ]] || "$py" "$shared/bench/gen_mixture.py" "$sweep_n" "$d" "$k" 2 "$t"
  i="$work/init_k${k}_d${d}.json"
  [[ "$cov" == full ]] || i="$work/init_k${k}_d${d}_${cov}.json"
  [[ -f "$i" ]] || "$py" "$shared/bench/sklearn_fit.py" "$t" --components "$k" --covariance "$cov" --max-iter 1 --tol 0 \
    --out "$i" >/dev/null
  say "sweep $cov K=$k D=$d"
  pairs_kd="" # "scikit-learn-ms gmmseg-ms" per round
  for ((r = 0; r < rounds; r++)); do
    s=$("$py" "$shared/bench/sklearn_fit.py" "$t" --components "$k" --covariance "$cov" --init-model "$i" \
      --max-iter "$sweep_iters" --tol 0 2>/dev/null | field ms_per_iter)
    g2=$(sweep_jmh -p table="$t" -p initModel="$i" -p covariance="$cov" -p threads=2 | awk '$1 == 2 {print $2}')
    pairs_kd+="$s $g2"$'\n'
  done
  pairs_kd=${pairs_kd%$'\n'}
  s=$(cut -d' ' -f1 <<<"$pairs_kd" | median)
  g2=$(cut -d' ' -f2 <<<"$pairs_kd" | median)
  sweep_rows+="| $cov | $k | $d | $s | $(printf '%.2f' "$g2") | **$(ratio "$s" "$g2")** | $(ratio_range <<<"$pairs_kd") |"$'\n'
done

# ------------------------------------------------------------------ HMRF-EM sweep against a plain iteration
# HmrfSweepBenchmark: one plain EM iteration and one HMRF sweep on the same side x side pixels from
# the same model (D = 3, K = 4, full); "threads ms_plain err_plain ms_sweep err_sweep" per thread count
jmh_hmrf() {
  jmh_run HmrfSweepBenchmark jmh_hmrf "$@"
  "$py" - "$work/jmh_hmrf.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
head = rows[0]
ms = {}
for r in rows[1:]:
    d = dict(zip(head, r))
    ms[(d["Param: threads"], d["Benchmark"].rsplit(".", 1)[1])] = (float(d["Score"]), float(d["Score Error (99.9%)"]))
for t in sorted({t for t, _ in ms}, key=int):
    p, s = ms[(t, "plainIteration")], ms[(t, "hmrfSweep")]
    print(t, p[0], p[1], s[0], s[1])
EOF
}
say "HMRF-EM sweep against a plain EM iteration (JMH HmrfSweepBenchmark)"
hmrf_side=1000
hmrf_rows=$(jmh_hmrf -p side="$hmrf_side" -p threads=1,2)

# ------------------------------------------------------------------ 2. whole fit process
# timed in pairs with scikit-learn's full runs above
gm_wall=$(cut -d= -f2 "$work/gm_wall.txt" | median)
sk_walls=$(grep -o 'wall=[0-9.]*' "$work/sk_full.txt" | cut -d= -f2 | tr '\n' ' ')
gm_walls=$(cut -d= -f2 "$work/gm_wall.txt" | tr '\n' ' ')

# ------------------------------------------------------------------ 3. a folder of photos
photos="$shared/data/groundtruth/bsds500"
say "segmenting the BSDS500 photos (K=4, RGB, until convergence)"
n_photos=$(find "$photos" -maxdepth 1 -name '*.jpg' | wc -l)
seg_gm() { rm -rf "$work/seg_gm"; "$gmmseg" segment "$photos" --glob '*.jpg' --components 4 --out "$work/seg_gm" -q; }
gm_seg_wall=$(wall seg_gm)
seg_gm >/dev/null 2>&1
rm -rf "$work/seg_sk"
sk_seg_out=$("$py" "$shared/bench/sklearn_segment.py" "$photos" "$work/seg_sk" --components 4 --glob-ext .jpg 2>/dev/null)
sk_seg_ips=$(echo "$sk_seg_out" | field images_per_second)
gm_seg_ips=$(awk -v n="$n_photos" -v t="$gm_seg_wall" 'BEGIN { printf "%.2f", n / t }')
ari_gm=$("$py" "$shared/bench/ari.py" "$work/seg_gm" --gt "$shared/data/groundtruth" --set bsds500 | tail -1 | field mean_ari)
ari_sk=$("$py" "$shared/bench/ari.py" "$work/seg_sk" --gt "$shared/data/groundtruth" --set bsds500 | tail -1 | field mean_ari)

# ------------------------------------------------------------------ 4. memory
declare -A rss secs
for mp in 25 100; do
  $quick && [[ "$mp" == 100 ]] && continue
  img="$work/scene_${mp}mp.tif"
  if [[ ! -f "$img" ]]; then
    say "generating a ${mp}-megapixel RGB image"
    "$py" - "$img" "$mp" <<'EOF'
import sys
import numpy as np
from skimage import io
# four smooth regions with sensor noise: a photograph's structure, millions of distinct colours
out, mp = sys.argv[1], int(sys.argv[2])
side = int((mp * 1e6) ** 0.5)
rng = np.random.default_rng(1)
y, x = np.mgrid[0:side, 0:side].astype(np.float32) / side
region = (x > 0.5).astype(np.int8) + 2 * (y + 0.2 * np.sin(6 * x) > 0.5)
colours = np.array([[40, 60, 90], [200, 180, 120], [90, 150, 60], [230, 230, 235]], np.float32)
img = colours[region] + rng.normal(0, 12, (side, side, 3)).astype(np.float32) + 30 * x[..., None]
io.imsave(out, np.clip(img, 0, 255).astype(np.uint8), check_contrast=False)
EOF
  fi
  say "segmenting the ${mp}-megapixel image"
  rm -rf "$work/seg_big"
  /usr/bin/time -f 'rss_kb=%M wall=%e' "$gmmseg" segment "$img" --components 4 --out "$work/seg_big" -q \
    >/dev/null 2>"$work/mem_${mp}.txt" || { cat "$work/mem_${mp}.txt" >&2; die "segmenting $img failed"; }
  rss[$mp]=$(tail -1 "$work/mem_${mp}.txt" | field rss_kb)
  secs[$mp]=$(tail -1 "$work/mem_${mp}.txt" | field wall)
done

# ------------------------------------------------------------------ report
read -r busy1 all1 < <(cpu_ticks)
load1=$(cut -d' ' -f1-3 /proc/loadavg)
# the second line of `times`: the children's user and system time, as 1m2.345s
times >"$work/times.txt" # in this shell: a subshell would count no children
own_s=$(tail -1 "$work/times.txt" | tr 'ms' '  ' | awk '{print $1 * 60 + $2 + $3 * 60 + $4}')
others=$(awk -v b=$((busy1 - busy0)) -v a=$((all1 - all0)) -v own="$own_s" -v hz="$(getconf CLK_TCK)" \
  'BEGIN { o = (b / hz - own) / (a / hz) * 100; printf "%.0f", o < 0 ? 0 : o }')
relerr() { "$py" -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f"{abs(a - b) / abs(b):.1e}")' "$1" "$2"; }
out="$root/docs/benchmarks.md"
# the hand-written part at the end (the launcher's settings) is kept as it is
marker='<!-- Everything from this line on is kept by bench/run.sh, which rewrites the sections above. -->'
kept=""
[[ -f "$out" ]] && kept="$(sed -n "\|^$marker\$|,\$p" "$out")"
{
  echo "# Benchmarks"
  echo
  echo "Made by \`bench/run.sh$($quick && echo ' --quick')\` on $(date -u +%Y-%m-%d). Every ratio compares runs made in"
  echo "that one invocation, on the same data, from the same initial model, for the same number of iterations."
  echo "Absolute times depend on the machine and its load; quote the ratios."
  echo
  echo "- Machine: $machine_cpu, $machine_cores cores, $machine_mem"
  echo "- Java: $java_version; gmmseg's EM kernel: $kernel"
  echo "- Peer: $sk_version (Debian), run by \`../shared/bench/sklearn_fit.py\` and \`sklearn_segment.py\`"
  echo "- Load: other processes took ${others}% of the machine's CPU time during the run (\`/proc/stat\` less"
  echo "  this script's own); load averages (1, 5, 15 min) $load0 at the start, $load1 at the end"
  echo
  echo "## 1. One EM iteration, N = $n_main, D = 3, K = 8"
  echo
  echo "scikit-learn: ms per iteration of $iters iterations (\`sklearn_fit.py --init-model --tol 0\`)."
  echo "gmmseg: JMH \`EmIterationBenchmark\` (one fused E-step and M-step, average of $jmh_iter one-second"
  echo "iterations after $jmh_warmup warm-up ones, one fork) on the same .npy table from the same initial model."
  echo "Each figure is the median of $rounds rounds, a round being one scikit-learn run followed at once by one"
  echo "gmmseg fork, so that both meet the machine in the same state; the speed-up is the ratio of the medians,"
  echo "and its range the lowest and highest of the rounds' own ratios."
  echo "Mean log-likelihood after the $iters iterations: scikit-learn's and \`gmmseg fit\`'s, and their relative difference."
  echo
  echo "| covariance | scikit-learn ms | gmmseg ms, 1 thread | gmmseg ms, 2 threads | speed-up, 2 threads | range | scikit-learn mean log-lik | gmmseg mean log-lik | rel. diff |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for cov in full diag tied spherical; do
    printf '| %s | %s | %.2f | %.2f | **%s x** | %s | %s | %.10f | %s |\n' "$cov" "${sk_ms[$cov]}" "${gm_ms1[$cov]}" \
      "${gm_ms2[$cov]}" "$(ratio "${sk_ms[$cov]}" "${gm_ms2[$cov]}")" "${range1[$cov]}" "${sk_ll[$cov]}" \
      "${gm_ll[$cov]}" "$(relerr "${gm_ll[$cov]}" "${sk_ll[$cov]}")"
  done
  echo
  echo "The scalar kernel (\`GMMSEG_SIMD=0\`, or Java without the Vector API module, as in Fiji), same iteration:"
  echo
  echo "| covariance | scalar ms, 1 thread | scalar ms, 2 threads | speed-up over scikit-learn, 2 threads |"
  echo "|---|---|---|---|"
  for cov in full diag tied spherical; do
    printf '| %s | %.2f | %.2f | %s x |\n' "$cov" "${sc_ms1[$cov]}" "${sc_ms2[$cov]}" "$(ratio "${sk_ms[$cov]}" "${sc_ms2[$cov]}")"
  done
  echo
  printf 'Full covariance, one thread: SIMD kernel %.2f ms, the same kernel on 256-bit vectors %.2f ms, scalar kernel\n' \
    "${gm_ms1[full]}" "$simd256"
  printf '%.2f ms. All three give the same bits.\n' "$scalar1"
  echo
  echo "### K and D (N = $sweep_n, $sweep_iters iterations for scikit-learn, gmmseg on 2 threads)"
  echo
  echo "Medians of $rounds rounds as above; gmmseg's forks $sweep_warmup warm-up and $sweep_measured measured iterations."
  echo
  echo "| covariance | K | D | scikit-learn ms | gmmseg ms | speed-up | range |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s' "$sweep_rows"
  echo
  echo "## 2. Whole process: fit the table, $iters iterations"
  echo
  echo "Wall time of the whole command (start, read the .npy table and the initial model, $iters iterations, write"
  echo "the model), median of $pairs pairs of runs: each scikit-learn run followed by the gmmseg run."
  echo "Every run, in order: scikit-learn ${sk_walls% }; gmmseg ${gm_walls% } (seconds)."
  echo
  echo "| | seconds |"
  echo "|---|---|"
  echo "| \`sklearn_fit.py TABLE --init-model INIT --max-iter $iters --tol 0\` | ${sk_wall[full]} |"
  echo "| \`gmmseg fit TABLE --init-model INIT --max-iter $iters --tol 0\` | $gm_wall |"
  echo "| speed-up | **$(ratio "${sk_wall[full]}" "$gm_wall") x** |"
  echo
  echo "## 3. Segmenting a folder of photos"
  echo
  echo "The $n_photos BSDS500 photos of \`../shared/data/groundtruth/bsds500\`, K = 4, RGB features, fitted until"
  echo "convergence (tol 1e-3, at most 100 iterations, k-means start), one label PNG each. gmmseg: \`gmmseg segment"
  echo "DIR --glob '*.jpg' -k 4\`, whole command, median of $repeats. scikit-learn: \`sklearn_segment.py\`."
  echo "ARI: mean adjusted Rand index against the human segmentations (\`ari.py --set bsds500\`)."
  echo
  echo "| | images per second | mean ARI |"
  echo "|---|---|---|"
  echo "| scikit-learn + scikit-image | $sk_seg_ips | $ari_sk |"
  echo "| gmmseg | $gm_seg_ips | $ari_gm |"
  echo "| ratio | **$(ratio "$gm_seg_ips" "$sk_seg_ips") x** | |"
  echo
  echo "## 4. Memory"
  echo
  echo "Peak resident memory (\`/usr/bin/time -f %M\`) of \`gmmseg segment IMAGE -k 4\` with default settings on"
  echo "a generated RGB TIFF: four smooth regions with noise, so millions of distinct colours."
  echo
  echo "| image | peak RSS | seconds |"
  echo "|---|---|---|"
  for mp in 25 100; do
    [[ -n "${rss[$mp]:-}" ]] || continue
    printf '| %s megapixels | %.0f MB | %s |\n' "$mp" "$(awk -v k="${rss[$mp]}" 'BEGIN { print k / 1024 }')" "${secs[$mp]}"
  done
  echo
  echo "## 5. Thread scaling"
  echo
  echo "One EM iteration, N = $n_main, D = 3, K = 8, full: section 1's JMH rounds (median, and the lowest and"
  echo "highest round, ms)."
  echo
  echo "| threads | ms | range | speed-up |"
  echo "|---|---|---|---|"
  first=""
  while read -r th ms lo hi; do
    [[ -n "$first" ]] || first=$ms
    printf '| %s | %.2f | %.2f-%.2f | %s |\n' "$th" "$ms" "$lo" "$hi" "$(ratio "$first" "$ms")"
  done <<<"$scaling"
  echo
  echo "## 6. HMRF-EM sweep"
  echo
  echo "One HMRF-EM sweep (\`--mrf\`: mean-field E-step with the neighbours' field, then the M-step) against one"
  echo "plain EM iteration on the same $hmrf_side x $hmrf_side pixels (D = 3, K = 4, full) from the same model: JMH"
  echo "\`HmrfSweepBenchmark\` (core tests), its methods \`plainIteration\` and \`hmrfSweep\`, ms."
  echo
  echo "| threads | plain iteration ms | HMRF sweep ms | ratio |"
  echo "|---|---|---|---|"
  while read -r th pm pe sm se; do
    printf '| %s | %.2f ± %.2f | %.2f ± %.2f | %s |\n' "$th" "$pm" "$pe" "$sm" "$se" "$(ratio "$sm" "$pm")"
  done <<<"$hmrf_rows"
  [[ -z "$kept" ]] || printf '\n%s\n' "$kept"
} >"$out"
say "wrote $out"
cat "$out"
