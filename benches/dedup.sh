#!/usr/bin/env bash
# Deduplication benchmark and accuracy: for each row count (default 100000 1000000 5000000),
# generate a CRM table with 20% planted duplicates and its truth file, then run `scour dedup`
# with no configuration, with and without the national_id column, printing wall time, peak
# RSS, candidate pairs, links, clusters, the linkage phases' seconds, and pairwise and cluster
# precision / recall / F1 against the truth.
# Usage: benches/dedup.sh [ROWS...]          (BENCH_DIR defaults to target/bench)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 5000000)
dir=${BENCH_DIR:-target/bench}
mkdir -p "$dir"
cargo build --release --quiet
bin=target/release/scour
for rows in "${sizes[@]}"; do
  table="$dir/dups-$rows.parquet"
  truth="$dir/dups-$rows-truth.parquet"
  if [ ! -f "$table" ] || [ ! -f "$truth" ]; then
    echo "generating $rows rows with 20% duplicates -> $table"
    $bin generate --rows "$rows" --duplicates 0.2 --seed 42 --out "$table" --truth "$truth"
  fi
  for variant in with-id without-id; do
    extra=()
    [ "$variant" = without-id ] && extra=(--ignore national_id)
    out="$dir/dedup-$rows-$variant"
    echo "== $rows rows, $variant"
    /usr/bin/time -f "peak_rss_kb=%M wall_s=%e cpu_s=%U+%S" \
      $bin dedup "$table" --out "$out" --overwrite --quiet --truth "$truth" "${extra[@]}" \
      | grep -E '^(blocking|pairwise|clusters):'
    python3 - "$out/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
d, a = m["dedup"], m["accounting"]
s = d["seconds"]
print(f"rows_in={a['rows_in']} out={a['rows_out']} merged={a['rows_merged']} "
      f"candidate_pairs={d['candidate_pairs']} links={d['links']} clusters={d['clusters']} "
      f"largest={d['largest_cluster']}")
print("seconds: " + " ".join(f"{k}={v:.2f}" for k, v in s.items())
      + f" link={m['timings']['link_seconds']:.2f} main_pass={m['timings']['process_seconds']:.2f}"
      + f" total={m['timings']['total_seconds']:.2f}")
PY
  done
done
