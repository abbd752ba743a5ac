#!/usr/bin/env bash
# End-to-end benchmark: generate N rows (default 1,000,000), then time `scour scan` and the
# floor (a plain streaming Parquet read of all columns) on the same file.
# Prints MB/s of cell text and rows/s for both, and scour's peak RSS.
# Usage: benches/e2e.sh [ROWS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
threads=${2:-}
dir=${BENCH_DIR:-target/bench}
mkdir -p "$dir"
cargo build --release --quiet
cargo build --release --quiet --example read_floor
bin=target/release/scour
table="$dir/crm-$rows.parquet"
if [ ! -f "$table" ]; then
  echo "generating $rows rows -> $table"
  $bin generate --rows "$rows" --seed 7 --out "$table"
fi
echo "== floor: plain Parquet read of all columns"
target/release/examples/read_floor "$table"
echo "== scour scan${threads:+ --threads $threads}"
/usr/bin/time -f "peak_rss_kb=%M wall_s=%e cpu_s=%U+%S" \
  $bin scan "$table" --quiet --report "$dir/report.json" --findings "$dir/findings.parquet" ${threads:+--threads $threads} > "$dir/summary.txt"
python3 - "$dir/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["seconds"]
print(f"rows={r['rows']} cell_bytes={r['bytes_scanned']} seconds={s:.3f} "
      f"MB/s={r['bytes_scanned']/1e6/s:.1f} rows/s={r['rows']/s:.0f}")
PY
