#!/usr/bin/env bash
# Runs the suite the way CI does, N times in a row, on a busy machine: each run in a fresh clone of
# this checkout's HEAD (in a new temporary folder), `CI=true bash .ci/run` with no standard input,
# while a CPU hog (`yes > /dev/null`, one core) runs beside it. Prints each run's summary line and
# wall time, keeps each run's log under test-results/ci-stress/, and exits non-zero if any run
# failed. The hog and the clones are removed at the end, however it ends.
#
# Usage: scripts/ci-stress.sh N        (e.g. scripts/ci-stress.sh 5)
# The shared corpus (shared/corpus, which CI lays beside the clone) is found as the tests find it
# from this checkout and passed on as LAYERWISE_CORPUS.
set -euo pipefail
runs="${1:?usage: scripts/ci-stress.sh N}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "N must be a positive number, not '$runs'" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
head="$(git -C "$root" rev-parse HEAD)"
[[ -z "$(git -C "$root" status --porcelain)" ]] || echo "ci-stress: the checkout has uncommitted changes; the clones test HEAD ($head) without them" >&2

corpus="${LAYERWISE_CORPUS:-}"
if [[ -z "$corpus" ]]; then
  for dir in "$(dirname "$root")" "$(dirname "$(dirname "$root")")" "$(dirname "$(dirname "$(dirname "$root")")")"; do
    [[ -d "$dir/shared/corpus" ]] && { corpus="$dir/shared/corpus"; break; }
  done
fi
[[ -n "$corpus" ]] || { echo "ci-stress: no shared/corpus beside this checkout or its parents; set LAYERWISE_CORPUS" >&2; exit 2; }

base="$(mktemp -d "${TMPDIR:-/tmp}/lw-ci-stress.XXXXXX")"
logs="$root/test-results/ci-stress"
mkdir -p "$logs"
hog=""
cleanup() {
  # `|| true`: under set -e a failing last command here (wait returns the hog's 143) would end the
  # trap before the clones are removed.
  if [[ -n "$hog" ]]; then kill "$hog" 2>/dev/null || true; wait "$hog" 2>/dev/null || true; fi
  rm -rf "$base"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

yes > /dev/null &
hog=$!
echo "ci-stress: $runs run(s) of $head, CPU hog pid $hog, clones under $base, logs in $logs"

failed=0
summaries=()
for i in $(seq 1 "$runs"); do
  clone="$base/run-$i/layerwise"
  git clone --quiet --no-checkout "$root" "$clone"
  git -C "$clone" checkout --quiet --detach "$head"
  started=$SECONDS
  status=0
  (cd "$clone" && CI=true LAYERWISE_CORPUS="$corpus" bash .ci/run < /dev/null) > "$logs/run-$i.log" 2>&1 || status=$?
  wall=$((SECONDS - started))
  summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$logs/run-$i.log" | tail -1 || true)"
  line="run $i: ${summary:-no summary line} — exit $status, wall $((wall / 60)) min $((wall % 60)) s"
  summaries+=("$line")
  echo "$line"
  ((status == 0)) || failed=$((failed + 1))
  rm -rf "$base/run-$i" # each run starts from a clean clone; the next does not need this one
done

echo "ci-stress: $((runs - failed)) of $runs run(s) passed"
printf '  %s\n' "${summaries[@]}"
((failed == 0))
