#!/usr/bin/env bash
# The CUDA check, one command on the GPU machine (run from the repository root, with tools/cuda-check/kit carried):
#   bash tools/cuda-check/run.sh
# It builds LibTorchSharp (TorchSharp's native library, at the pinned version) against the libtorch of the machine's
# PyTorch, then runs the published CLI: doctor, bench and run with --device cuda, and the same on the machine's CPU,
# and writes results as files to $OUT (the device tool brings them back) or --out DIR.
#
# Without a GPU (this repository's machines) the same script checks its CPU path:
#   bash tools/cuda-check/run.sh --cpu-only --libtorch DIR --libtorchsharp FILE --out DIR [--quick]
# with DIR = a folder holding libtorch_cpu.so & co. and FILE = a LibTorchSharp built for it (the build output has both).
#
# Options: --budget S     stop starting new stages when S seconds have passed (default 540: a 10-minute call)
#          --quick        smaller runs (for the CPU path and for a second, shorter device call)
#          --smoke        tiny runs only (doctor, a one-iteration bench, a few small frames): the scripts' own test
#          --kit DIR      the kit folder (default tools/cuda-check/kit)
#          --frames N     frames of the carried 7-Scenes bag (default: all)
#          --run-args "A" extra arguments for every `run` (e.g. "--set FirstFrameIterations=20" for a quick check)
set -uo pipefail
started=$(date +%s)
here=$(cd "$(dirname "$0")" && pwd)
kit="$here/kit"
out="${OUT:-}"
smoke=0
budget=540
quick=0
cpu_only=0
libtorch=""
libtorchsharp=""
frames=0
run_args=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --budget) budget=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --smoke) smoke=1; shift ;;
    --kit) kit=$2; shift 2 ;;
    --cpu-only) cpu_only=1; shift ;;
    --libtorch) libtorch=$2; shift 2 ;;
    --libtorchsharp) libtorchsharp=$2; shift 2 ;;
    --frames) frames=$2; shift 2 ;;
    --run-args) run_args=$2; shift 2 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] || { echo "run.sh: no output folder: set OUT or pass --out DIR" >&2; exit 2; }
archive=$(ls "$kit"/app.tar.* 2>/dev/null | head -1)
[ -n "$archive" ] || { echo "run.sh: no $kit/app.tar.*: run tools/cuda-check/pack.sh first and carry tools/cuda-check/kit" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d /tmp/niceslam-cuda-check.XXXXXX)
mkdir -p "$work/logs" "$work/runs"
summary="$work/summary.md"
elapsed() { echo $(( $(date +%s) - started )); }
left() { echo $(( budget - $(elapsed) )); }
note() { echo "$*" | tee -a "$summary"; }

# Runs one stage with a time limit (its cap, or what is left of the budget), logging to logs/NAME.log.
# usage: stage NAME CAP_SECONDS command...
stage() {
  local name=$1 cap=$2; shift 2
  local remaining; remaining=$(left)
  if [ "$remaining" -lt 15 ]; then note "| $name | skipped: budget spent | |"; return 99; fi
  [ "$cap" -gt "$remaining" ] && cap=$remaining
  local t0=$(date +%s)
  timeout -s TERM -k 20 "$cap" "$@" > "$work/logs/$name.log" 2>&1
  local rc=$? t=$(( $(date +%s) - t0 ))
  local state="ok"; [ $rc -ne 0 ] && state="exit $rc"; [ $rc -eq 124 ] && state="timed out at ${cap}s (partial results written)"
  note "| $name | $state | ${t}s |"
  return $rc
}

finish() {
  note ""
  note "total $(elapsed) s"
  python3 "$here/summarize.py" "$work" >> "$summary" 2>> "$work/logs/summarize.log" || echo "(summarize.py failed: see logs/summarize.log)" >> "$summary"
  cp "$summary" "$out/summary.md"
  tar -C "$work" -czf "$out/results.tar.gz" logs runs env.txt summary.md 2>/dev/null
  [ -f "$work/lib/libLibTorchSharp.so" ] && [ "$cpu_only" = 0 ] && cp "$work/lib/libLibTorchSharp.so" "$work/lib/BUILT_FOR" "$out/" 2>/dev/null
  echo "results in $out: $(ls "$out" | tr '\n' ' ')"
}
trap finish EXIT

note "# NiceSlam.NET CUDA check"
note ""
{
  echo "date: $(date -u +%FT%TZ)"; echo "host: $(uname -a)"; echo "cores: $(nproc)"
  head -3 "$kit/MANIFEST.txt" 2>/dev/null
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
  g++ --version 2>/dev/null | head -1
} > "$work/env.txt" 2>&1
cat "$work/env.txt" | sed 's/^/    /' >> "$summary"

# --- libtorch and LibTorchSharp ------------------------------------------------------------------------------
mkdir -p "$work/lib"
if [ "$cpu_only" = 1 ]; then
  [ -f "$libtorch/libtorch_cpu.so" ] || { note "run.sh: --cpu-only needs --libtorch DIR with libtorch_cpu.so"; exit 2; }
  [ -f "$libtorchsharp" ] || { note "run.sh: --cpu-only needs --libtorchsharp FILE"; exit 2; }
  torch_lib=$libtorch
  cp "$libtorchsharp" "$work/lib/libLibTorchSharp.so"
  echo "libtorch: $libtorch (CPU path check)" >> "$work/env.txt"
else
  read -r torch_version torch_dir abi cuda_ok cuda_version < <(python3 -c '
import os, torch
print(torch.__version__, os.path.dirname(torch.__file__), int(torch._C._GLIBCXX_USE_CXX11_ABI), int(torch.cuda.is_available()), torch.version.cuda)' 2>> "$work/logs/env.log")
  [ -n "${torch_dir:-}" ] || { note "run.sh: python3 has no torch: see logs/env.log"; exit 1; }
  torch_lib="$torch_dir/lib"
  echo "torch: $torch_version at $torch_dir (CXX11 ABI $abi, CUDA $cuda_version, available $cuda_ok)" | tee -a "$work/env.txt" >> "$summary"
  prebuilt="$kit/prebuilt"
  if [ -f "$prebuilt/libLibTorchSharp.so" ] && [ "$(cat "$prebuilt/BUILT_FOR" 2>/dev/null)" = "torch $torch_version" ]; then
    cp "$prebuilt/libLibTorchSharp.so" "$work/lib/"
    note "LibTorchSharp: carried build for torch $torch_version"
  else
    note ""; note "| stage | result | time |"; note "|---|---|---|"
    stage build-libtorchsharp 300 bash "$here/build-libtorchsharp.sh" "$kit/torchsharp-native" "$torch_dir" "$abi" "$work/lib"
    [ -f "$work/lib/libLibTorchSharp.so" ] || { note "LibTorchSharp did not build: see logs/build-libtorchsharp.log"; exit 1; }
    echo "torch $torch_version" > "$work/lib/BUILT_FOR"
  fi
fi

# --- the application ------------------------------------------------------------------------------------------
app="$work/app"
mkdir -p "$app"
python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$archive" "$app" \
  || { note "run.sh: could not unpack $archive"; exit 1; }
cp "$work/lib/libLibTorchSharp.so" "$app/"
export LD_LIBRARY_PATH="$torch_lib:$app${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
cli="$app/nice-slam"
# A framework-dependent application (a build output, as the tests pack) needs the .NET install it was built for.
if [ ! -f "$app/libcoreclr.so" ] && [ -z "${DOTNET_ROOT:-}" ] && command -v dotnet >/dev/null; then
  export DOTNET_ROOT=$(dirname "$(readlink -f "$(command -v dotnet)")")
fi
read -r -a extra <<< "$run_args"
bag="$kit/data/7scenes-160"
frames_arg=(); [ "$frames" -gt 0 ] && frames_arg=(--frames "$frames")
[ "$quick" = 1 ] && [ "$frames" -eq 0 ] && frames_arg=(--frames 30)
gpu=cuda; [ "$cpu_only" = 1 ] && gpu=cpu
cpu_threads=$(( $(nproc) > 4 ? $(nproc) / 2 : $(nproc) ))

note ""; note "| stage | result | time |"; note "|---|---|---|"
stage doctor 60 "$cli" doctor
if [ "$smoke" = 1 ]; then
  # The scripts' own check: every kind of stage once, as small as it gets.
  tiny=(--set FirstFrameIterations=3 --set MappingIterations=2 --set TrackingIterations=2 --no-mesh)
  # Caps wide enough for a machine busy with other work (the test suite runs this beside other test projects).
  stage bench-$gpu 240 "$cli" bench --device $gpu --pixels 50 --iterations 1 --rounds 1 --front-end-frames 1 --json "$work/runs/bench-$gpu.json"
  stage synthetic-$gpu 240 "$cli" run synthetic --device $gpu --synthetic-width 40 --synthetic-height 30 --frames 3 "${tiny[@]}" "${extra[@]}" --out "$work/runs/synthetic-$gpu"
  [ -d "$bag" ] && stage 7scenes-$gpu 120 "$cli" run "$bag" --device $gpu --frames 2 "${tiny[@]}" "${extra[@]}" --out "$work/runs/7scenes-$gpu"
  exit 0
fi
stage bench-$gpu 90 "$cli" bench --device $gpu --json "$work/runs/bench-$gpu.json"
[ "$gpu" != cpu ] && stage bench-cpu 150 "$cli" bench --device cpu --threads "$cpu_threads" --json "$work/runs/bench-cpu.json"
if [ -d "$bag" ]; then
  # The same recording, settings and seed on both devices; the CPU run goes alongside on half the cores.
  if [ "$gpu" != cpu ]; then
    ( stage 7scenes-cpu 400 "$cli" run "$bag" --device cpu --threads "$cpu_threads" "${frames_arg[@]}" "${extra[@]}" --out "$work/runs/7scenes-cpu" ) &
    cpu_run=$!
  fi
  stage 7scenes-$gpu 300 "$cli" run "$bag" --device $gpu "${frames_arg[@]}" "${extra[@]}" --out "$work/runs/7scenes-$gpu"
fi
if [ "$quick" = 1 ]; then
  stage synthetic-160-$gpu 120 "$cli" run synthetic --device $gpu --frames 10 "${extra[@]}" --out "$work/runs/synthetic-160-$gpu"
else
  stage synthetic-160-$gpu 180 "$cli" run synthetic --device $gpu "${extra[@]}" --out "$work/runs/synthetic-160-$gpu"
  stage synthetic-640-$gpu 180 "$cli" run synthetic --device $gpu --synthetic-width 640 --synthetic-height 480 --frames 30 "${extra[@]}" --out "$work/runs/synthetic-640-$gpu"
  stage replica-preset-$gpu 120 "$cli" run synthetic --device $gpu --preset replica --synthetic-width 640 --synthetic-height 480 --frames 8 --no-mesh "${extra[@]}" --out "$work/runs/replica-preset-$gpu"
fi
[ -n "${cpu_run:-}" ] && wait "$cpu_run"
if [ -f "$work/runs/7scenes-cpu/trajectory.txt" ] && [ -f "$work/runs/7scenes-$gpu/trajectory.txt" ] && [ "$gpu" != cpu ]; then
  stage compare-cpu-cuda 60 "$cli" evaluate --gt "$work/runs/7scenes-cpu/trajectory.txt" --est "$work/runs/7scenes-$gpu/trajectory.txt" --out "$work/runs/compare-cpu-cuda"
fi
exit 0
