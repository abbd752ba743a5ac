#!/usr/bin/env bash
# End-to-end benchmark of `scour run`: generate N rows (default 1,000,000), then time
#   1. the floor: a plain streaming Parquet read -> zstd Parquet write of the same table
#      (examples/rewrite_floor.rs), and
#   2. `scour run` with each shipped pipeline (nightly-crm, audit-only, vendor-export) on it,
# printing wall time, rows/s and peak RSS. A fixed test key is used; it protects nothing.
# Usage: benches/run.sh [ROWS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
threads=${2:-}
dir=${BENCH_DIR:-target/bench}
mkdir -p "$dir"
cargo build --release --quiet
cargo build --release --quiet --example rewrite_floor
bin=target/release/scour
table="$dir/crm-$rows.parquet"
if [ ! -f "$table" ]; then
  echo "generating $rows rows -> $table"
  $bin generate --rows "$rows" --seed 7 --out "$table"
fi
echo "table: $(du -h "$table" | cut -f1) on disk"
echo "== floor: Parquet read -> zstd Parquet write"
/usr/bin/time -f "peak_rss_kb=%M wall_s=%e cpu_s=%U+%S" \
  target/release/examples/rewrite_floor "$table" "$dir/floor.parquet"
export SCOUR_KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
for p in nightly-crm audit-only vendor-export; do
  echo "== scour run $p${threads:+ --threads $threads}"
  /usr/bin/time -f "peak_rss_kb=%M wall_s=%e cpu_s=%U+%S" \
    $bin run "pipelines/$p.toml" --input "$table" --out "$dir/run-$p" --overwrite --quiet \
    ${threads:+--threads $threads} || test $? -eq 1
  python3 - "$dir/run-$p/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
a, t = m["accounting"], m["timings"]
print(f"rows_in={a['rows_in']} out={a['rows_out']} quarantined={a['rows_quarantined']} "
      f"total_s={t['total_seconds']:.2f} rows/s={a['rows_in']/t['total_seconds']:.0f}")
PY
done
