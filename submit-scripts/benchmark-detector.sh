#!/usr/bin/env bash
# Classification with the platform's own QRS detector against classification of the reference
# beats, with the same model on the same records, both scored beat by beat as PhysioNet's bxb does.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DS2="100 103 105 111 113 117 121 123 200 202 210 212 213 214 219 221 222 228 231 232 233 234"

usage() {
  cat <<USAGE
Usage: submit-scripts/benchmark-detector.sh --model <URI> --work <dir> [--mitdb <dir>] [--records "<r> ..."]
                                            [key=value ...]

Annotates the records twice with submit-scripts/annotate.sh (local Spark) and the same model:
  detector    the records WITHOUT their .atr files: beats found by the platform's QRS detector
  reference   the records with their .atr files and evaluation.annotate.beats-from=atr: the
              reference beats, i.e. the windows the ETL cuts for the evaluation job
then scores both annotation sets against the reference annotations with
  submit-scripts/evaluate.sh --mode detection  (bxb -f 0 matching, 150 ms)
under both class mappings (aami, bxb). Prints one table and writes <work>/detector-vs-reference.csv:
QRS Se/+P, accuracy (reference beats whose class the matched test beat has; a missed beat counts
as wrong), SVEB and VEB Se, +P and F1 (gross), for each beat source and mapping, and the
difference detector - reference.

  --model <URI>     a trained model (train.sh output); its etl.* contract must be the defaults'
                    or given as key=value
  --work <dir>      working directory (created; inputs are symbolic links to --mitdb)
  --mitdb <dir>     MIT-BIH Arrhythmia Database (default: \$ECG_DATA_DIR/mitdb, else
                    ../shared/data/mitdb beside the project)
  --records "..."   records to annotate (default: de Chazal's DS2, the inter-patient test set:
                    $DS2)
  key=value         overrides for annotate.sh (e.g. etl.detect.refinement-passes=1)
  -h, --help        this help
USAGE
}

model="" work="" mitdb="" records="$DS2"
overrides=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --mitdb) mitdb="$2"; shift 2 ;;
    --records) records="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *=*) overrides+=("$1"); shift ;;
    *) echo "benchmark-detector: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n "$model" && -n "$work" ]] || { usage >&2; exit 2; }
if [[ -z "$mitdb" ]]; then
  mitdb="${ECG_DATA_DIR:-$ECG_ROOT/../shared/data}/mitdb"
fi
[[ -d "$mitdb" ]] || { echo "Cannot run the detector benchmark: no MIT-BIH directory at $mitdb (--mitdb or ECG_DATA_DIR)" >&2; exit 2; }
mitdb="$(cd "$mitdb" && pwd)"

log() { echo "[detector] $(date -u +%H:%M:%S)  $*"; }

mkdir -p "$work"
work="$(cd "$work" && pwd)"
for source in detector reference; do
  rm -rf "$work/input-$source" "$work/annotate-$source"
  mkdir -p "$work/input-$source"
done
for r in $records; do
  for ext in hea dat; do
    [[ -f "$mitdb/$r.$ext" ]] || { echo "Cannot run the detector benchmark: record $r has no $r.$ext in $mitdb" >&2; exit 2; }
    ln -s "$mitdb/$r.$ext" "$work/input-detector/$r.$ext"
    ln -s "$mitdb/$r.$ext" "$work/input-reference/$r.$ext"
  done
  ln -s "$mitdb/$r.atr" "$work/input-reference/$r.atr"
  echo "$r" >> "$work/input-detector/RECORDS"
  echo "$r" >> "$work/input-reference/RECORDS"
done

scripts="$ECG_ROOT/submit-scripts"
log "annotate with the QRS detector -> $work/annotate-detector"
"$scripts/annotate.sh" --env local --model "$model" --input "$work/input-detector" --output "$work/annotate-detector" \
  "${overrides[@]}" > "$work/annotate-detector.log" 2>&1 || { tail -30 "$work/annotate-detector.log" >&2; exit 1; }
log "annotate the reference beats -> $work/annotate-reference"
"$scripts/annotate.sh" --env local --model "$model" --input "$work/input-reference" --output "$work/annotate-reference" \
  evaluation.annotate.beats-from=atr "${overrides[@]}" > "$work/annotate-reference.log" 2>&1 \
  || { tail -30 "$work/annotate-reference.log" >&2; exit 1; }

for source in detector reference; do
  for mapping in aami bxb; do
    out="$work/score-$source-$mapping"
    rm -rf "$out"
    log "score $source beats, class mapping $mapping -> $out"
    "$scripts/evaluate.sh" --env local --mode detection --test "$work/annotate-$source" --test-annotator ann \
      --reference "$work/input-reference" --output "$out" "evaluation.class-mapping=$mapping" \
      > "$out.log" 2>&1 || { tail -30 "$out.log" >&2; exit 1; }
  done
done

python3 - "$work" <<'PY'
import csv, os, sys

work = sys.argv[1]
CLASSES = ["N", "S", "V", "F", "Q"]

def matrix(path):
    """Gross bxb matrix: reference class (row N S V F Q O X) -> test column (n s v f q o x) -> count."""
    m = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            m[row["reference"]] = {k: int(v) for k, v in row.items() if k not in ("reference", "class_mapping") and v != ""}
    return m

def metrics(path):
    with open(path, newline="") as f:
        return {r["metric"]: float(r["value"]) for r in csv.DictReader(f) if r["value"] not in ("", "-", "NaN")}

def f1(se, ppv):
    return 2 * se * ppv / (se + ppv) if se + ppv > 0 else float("nan")

rows = []
for source in ("detector", "reference"):
    for mapping in ("aami", "bxb"):
        out = os.path.join(work, f"score-{source}-{mapping}")
        m = matrix(os.path.join(out, "bxb_matrix.csv"))
        g = metrics(os.path.join(out, "metrics.csv"))
        ref_beats = sum(sum(m[r].values()) for r in CLASSES)  # matched, missed (o) and in shutdown (x)
        correct = sum(m[c].get(c.lower(), 0) for c in CLASSES)
        rows.append({
            "beats": source, "class_mapping": mapping,
            "qrs_se": g.get("qrsSe"), "qrs_ppv": g.get("qrsPpv"),
            "accuracy": correct / ref_beats if ref_beats else float("nan"),
            "sveb_se": g.get("svebSe"), "sveb_ppv": g.get("svebPpv"),
            "sveb_f1": f1(g.get("svebSe", 0), g.get("svebPpv", 0)),
            "veb_se": g.get("vebSe"), "veb_ppv": g.get("vebPpv"),
            "veb_f1": f1(g.get("vebSe", 0), g.get("vebPpv", 0)),
        })
cols = ["qrs_se", "qrs_ppv", "accuracy", "sveb_se", "sveb_ppv", "sveb_f1", "veb_se", "veb_ppv", "veb_f1"]
for mapping in ("aami", "bxb"):
    d = next(r for r in rows if r["beats"] == "detector" and r["class_mapping"] == mapping)
    ref = next(r for r in rows if r["beats"] == "reference" and r["class_mapping"] == mapping)
    rows.append({"beats": "detector-reference", "class_mapping": mapping,
                 **{c: (d[c] - ref[c]) if d[c] is not None and ref[c] is not None else None for c in cols}})

def fmt(v):
    return "" if v is None else f"{v:.4f}"

with open(os.path.join(work, "detector-vs-reference.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["beats", "class_mapping"] + cols)
    for r in rows:
        w.writerow([r["beats"], r["class_mapping"]] + [fmt(r[c]) for c in cols])
print(f"{'beats':<20}{'mapping':<9}" + "".join(f"{c:>10}" for c in cols))
for r in rows:
    print(f"{r['beats']:<20}{r['class_mapping']:<9}" + "".join(f"{fmt(r[c]):>10}" for c in cols))
print(f"written: {os.path.join(work, 'detector-vs-reference.csv')} (fractions; F1 from the gross Se and +P)")
PY
