#!/usr/bin/env bash
# Re-measures the launcher's JVM settings: runs one workload with all of jvm.options, with each of
# its paragraphs left out in turn, and with --add-modules alone ("plain"), interleaved (the order
# rotates every round), and prints per setting the median wall time, CPU time and peak RSS.
#
#   bench/jvm-options.sh fit1e6|photos|table600 ROUNDS
#
# fit1e6 needs bench/work/ from bench/run.sh; photos uses ../shared/data/groundtruth/bsds500. Run
# it alone on the machine (/work/bin/bench-lock on the shared one). Figures: docs/benchmarks.md.
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
workload=$1 rounds=$2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/gmmseg" --version >/dev/null # builds the jar when stale
jar="$root/cli/target/gmmseg.jar"
case $workload in
  fit1e6) args=(fit "$root/bench/work/mixture_n1000000_d3_k8.npy" -k 8 --init-model "$root/bench/work/init_full.json"
    --max-iter 20 --tol 0 -m "$work/m.json") ;;
  photos) args=(segment "$root/../shared/data/groundtruth/bsds500" --glob '*.jpg' -k 4 --out "$work/seg" -q) ;;
  table600) args=(fit "$root/samples/tables/mixture.csv" -k 3 -m "$work/m.json") ;;
  *) echo "unknown workload $workload" >&2; exit 2 ;;
esac

# jvm.options' paragraphs (options under one comment), named by their first option
names=(all) paragraph="" n=0
while IFS= read -r line || [[ -n "$line" ]]; do
  line="${line//'${root}'/$root}"
  if [[ -z "$line" ]]; then paragraph=""; continue; fi
  [[ "$line" == \#* ]] && continue
  if [[ -z "$paragraph" ]]; then n=$((n + 1)); paragraph=$n; names+=("without#$n"); echo "#$n: $line" >&2; fi
  printf '%s\n' "$line" >>"$work/p$n"
done <"$root/jvm.options"
names+=(plain)
options() { # the options of setting $1
  local i
  for ((i = 1; i <= n; i++)); do
    [[ "$1" == all || ("$1" != plain && "${1##*#}" != "$i") ]] && cat "$work/p$i"
  done
  [[ "$1" != plain ]] || echo --add-modules=jdk.incubator.vector
}

for ((r = 0; r < rounds; r++)); do
  for ((i = 0; i < ${#names[@]}; i++)); do
    name="${names[$(((i + r) % ${#names[@]}))]}"
    mapfile -t opts < <(options "$name")
    rm -rf "$work/seg"
    /usr/bin/time -o "$work/time" -f '%e %U %S %M' java "${opts[@]}" -jar "$jar" "${args[@]}" >/dev/null 2>&1
    echo "$name $(cat "$work/time")" >>"$work/runs"
  done
done
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf '%-12s %8s %8s %8s\n' setting "wall s" "cpu s" "RSS MB"
for name in "${names[@]}"; do
  grep "^$name " "$work/runs" >"$work/these"
  printf '%-12s %8s %8s %8.0f\n' "$name" "$(awk '{print $2}' "$work/these" | median)" \
    "$(awk '{print $3 + $4}' "$work/these" | median)" "$(awk '{print $5 / 1024}' "$work/these" | median)"
done
