#!/usr/bin/env bash
# Packs what the GPU machine needs into tools/cuda-check/kit/ (git-ignored; the device call carries that folder):
#   app.tar.xz             a self-contained publish of the CLI (the .NET runtime inside) WITHOUT libtorch, without
#                          the CPU build of LibTorchSharp and without OpenCV's runtime (113 MB, and it needs GTK)
#   torchsharp-native/     TorchSharp's native sources (src/Native) at the version Directory.Packages.props pins,
#                          from a fetched copy of github.com/dotnet/TorchSharp; never committed
#   data/7scenes-160/      (when ../shared/data is present) 7-Scenes frames 0..N-1 as an MCAP bag at 160x120
#   MANIFEST.txt           what is in the kit, versions and sizes
# The GPU machine builds LibTorchSharp against its own libtorch (run.sh) and runs the CLI from app.tar.xz.
#
# usage: tools/cuda-check/pack.sh [--torchsharp PATH] [--data DIR] [--frames N] [--no-data] [--limit-mib M]
#                                 [--app DIR] [--fast] [--kit DIR]
#   --torchsharp PATH  a git directory of dotnet/TorchSharp (e.g. a clone in /work/.mirror/) or a
#                      folder that already holds its src/Native; default: /work/.mirror/dotnet+TorchSharp/repo
#   --data DIR         the 7-Scenes folder to pack (default ../shared/data/7scenes_0000_0300 beside the repository)
#   --frames N         frames of it (default 150)
#   --limit-mib M      fail when the kit plus the tracked tree would exceed M MiB (default 64, the carry limit)
#   --app DIR          pack this application folder instead of publishing (e.g. a build output: the tests do)
#   --fast             gzip -1 instead of xz -9 (larger, much quicker: for tests)
#   --kit DIR          write the kit there instead of tools/cuda-check/kit
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kit="$here/kit"
torchsharp=/work/.mirror/dotnet+TorchSharp/repo
data="$repo/../shared/data/7scenes_0000_0300"
frames=150
limit=64
with_data=1
app=""
compression=xz
while [ $# -gt 0 ]; do
  case "$1" in
    --torchsharp) torchsharp=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --frames) frames=$2; shift 2 ;;
    --no-data) with_data=0; shift ;;
    --limit-mib) limit=$2; shift 2 ;;
    --app) app=$(cd "$2" && pwd); shift 2 ;;
    --fast) compression=fast; shift ;;
    --kit) kit=$2; shift 2 ;;
    *) echo "pack.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

pinned=$(sed -n 's/.*Include="TorchSharp-cpu" Version="\([^"]*\)".*/\1/p' "$repo/Directory.Packages.props")
[ -n "$pinned" ] || { echo "pack.sh: no TorchSharp-cpu version in Directory.Packages.props" >&2; exit 1; }
# The commit of dotnet/TorchSharp whose build/BranchInfo.props says $pinned and whose exported symbols match the
# package's libLibTorchSharp.so (checked when this kit was written: 0.107.0 = c20b6a1c, "Update release notes").
declare -A commits=([0.107.0]=c20b6a1cc574d690707638a488d2583f3b8b983f)
commit=${commits[$pinned]:-}

# A LibTorchSharp built on the GPU machine earlier (results' libLibTorchSharp.so + BUILT_FOR, copied into
# kit/prebuilt/) survives re-packing: run.sh uses it when it was built for the same torch, skipping the build.
saved_prebuilt=""
if [ -d "$kit/prebuilt" ]; then saved_prebuilt=$(mktemp -d); cp -r "$kit/prebuilt" "$saved_prebuilt/"; fi
rm -rf "$kit"
mkdir -p "$kit"
if [ -n "$saved_prebuilt" ]; then mv "$saved_prebuilt/prebuilt" "$kit/"; rm -rf "$saved_prebuilt"; fi

# 1. TorchSharp's native sources at the pinned version.
if [ -d "$torchsharp/src/Native/LibTorchSharp" ]; then
  cp -r "$torchsharp/src/Native" "$kit/torchsharp-native"
  source_note="copied from $torchsharp/src/Native"
elif git --git-dir="$torchsharp" rev-parse -q --verify HEAD >/dev/null 2>&1; then
  [ -n "$commit" ] || { echo "pack.sh: no known TorchSharp commit for version $pinned: add it to the table in pack.sh" >&2; exit 1; }
  git --git-dir="$torchsharp" cat-file -e "$commit^{commit}" 2>/dev/null \
    || { echo "pack.sh: $torchsharp lacks commit $commit (TorchSharp $pinned); fetch dotnet/TorchSharp again" >&2; exit 1; }
  branch_version=$(git --git-dir="$torchsharp" show "$commit:build/BranchInfo.props" \
    | sed -n 's:.*<\(Major\|Minor\|Patch\)Version>\([0-9]*\)<.*:\2:p' | paste -sd.)
  [ "$branch_version" = "$pinned" ] || { echo "pack.sh: commit $commit is TorchSharp $branch_version, not $pinned" >&2; exit 1; }
  mkdir -p "$kit/.ts"
  git --git-dir="$torchsharp" archive "$commit" src/Native | tar -x -C "$kit/.ts"
  mv "$kit/.ts/src/Native" "$kit/torchsharp-native"
  rm -rf "$kit/.ts"
  source_note="dotnet/TorchSharp $commit (BranchInfo $branch_version)"
else
  echo "pack.sh: TorchSharp sources not found at $torchsharp (fetch github:dotnet/TorchSharp, or pass --torchsharp)" >&2
  exit 1
fi
echo "$pinned" > "$kit/torchsharp-native/TORCHSHARP_VERSION"

# 2. The CLI, self-contained, without the natives the GPU machine brings or builds itself. The archive holds the
#    application folder's contents (run.sh unpacks it into app/).
tmp=$(mktemp -d /tmp/niceslam-cuda-pack.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
app_note=""
[ -n "$app" ] && app_note="$app"
if [ -z "$app" ]; then
  echo "pack.sh: publishing the CLI (self-contained linux-x64)..."
  dotnet publish "$repo/src/NiceSlam.Cli" -c Release -r linux-x64 --self-contained -o "$tmp/app" -nologo -v quiet >/dev/null
  app="$tmp/app"
fi
[ -f "$app/nice-slam.dll" ] || { echo "pack.sh: $app holds no nice-slam.dll" >&2; exit 1; }
libtorch_natives=$(ls ~/.nuget/packages/libtorch-cpu-linux-x64/*/runtimes/linux-x64/native/ 2>/dev/null | sort -u)
[ -n "$libtorch_natives" ] || { echo "pack.sh: the libtorch-cpu-linux-x64 package is not in ~/.nuget/packages (build once first)" >&2; exit 1; }
excludes=()
for f in $libtorch_natives libLibTorchSharp.so libOpenCvSharpExtern.so createdump libmscordaccore.so libmscordbi.so \
         libclrgc.so libclrgcexp.so libcoreclrtraceptprovider.so; do excludes+=("--exclude=$f"); done
# Satellite resource folders (localised library messages: the kit runs with invariant culture), natives of other
# platforms (a framework-dependent build output has them under runtimes/), test results.
excludes+=("--exclude=./??" "--exclude=./??-*" "--exclude=./runtimes/win*" "--exclude=./runtimes/osx*"
           "--exclude=./runtimes/linux-arm*" "--exclude=./runtimes/linux-musl*" "--exclude=./runtimes/linux-x86")
echo "pack.sh: archiving $app ($compression)..."
case "$compression" in
  xz) tar -C "$app" "${excludes[@]}" -cf - . | xz -9 -T2 > "$kit/app.tar.xz" ;;
  fast) tar -C "$app" "${excludes[@]}" -cf - . | gzip -1 > "$kit/app.tar.gz" ;;
esac
archive=$(ls "$kit"/app.tar.*)
leftover=$(tar -tf "$archive" | grep -E '(^|/)lib(torch|c10|gomp|LibTorchSharp|OpenCvSharpExtern)[^/]*$' || true)
[ -z "$leftover" ] || { echo "pack.sh: natives left in the archive: $leftover" >&2; exit 1; }

# 3. Real data: 7-Scenes frames at 160x120 as a bag (same preprocessing as `run`), so no image decoder is needed.
data_note="none"
if [ "$with_data" = 1 ] && [ -d "$data" ]; then
  echo "pack.sh: writing $frames frames of $data at 160x120 as a bag..."
  dotnet run --project "$repo/src/NiceSlam.Cli" -c Release -- bag write "$data" --frames "$frames" \
      --width 160 --height 120 --storage mcap --compression Zstd --out "$kit/data/7scenes-160" >/dev/null
  data_note="$(basename "$data") frames 0..$((frames - 1)) at 160x120 (MCAP, zstd)"
elif [ "$with_data" = 1 ]; then
  echo "pack.sh: $data not found: the kit will run the synthetic sequence only"
fi

kit_bytes=$(du -sb "$kit" | cut -f1)
tree_bytes=$(cd "$repo" && git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
total_mib=$(( (kit_bytes + tree_bytes + 1048575) / 1048576 ))
{
  echo "NiceSlam.NET CUDA check kit, packed $(date -u +%Y-%m-%dT%H:%M:%SZ) from $(cd "$repo" && git rev-parse --short HEAD)$(cd "$repo" && git diff --quiet HEAD || echo '+changes')"
  echo "torchsharp: $pinned; sources: $source_note"
  echo "app: $(basename "$archive") of ${app_note:-a self-contained linux-x64 publish}, excluding libtorch, LibTorchSharp, OpenCV, debugger/alt-GC libs and satellite resources"
  echo "data: $data_note"
  echo "kit bytes: $kit_bytes; tracked tree bytes: $tree_bytes; carried in all: $total_mib MiB of $limit"
  (cd "$kit" && find . -type f -size +100k -printf '%s %p\n' | sort -rn | head -20)
} > "$kit/MANIFEST.txt"
cat "$kit/MANIFEST.txt"
if [ "$total_mib" -gt "$limit" ]; then
  echo "pack.sh: the kit is $total_mib MiB with the tree, over the $limit MiB carry limit" >&2
  exit 1
fi
