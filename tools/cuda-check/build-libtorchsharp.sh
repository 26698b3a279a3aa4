#!/usr/bin/env bash
# Builds TorchSharp's native library (libLibTorchSharp.so) from its sources against a libtorch, with the compiler
# directly (TorchSharp's own CMake setup wants its whole build tree; libtorch's CMake config wants a CUDA toolkit
# layout that a pip install of PyTorch does not have). Same flags as TorchSharp's src/Native/CMakeLists.txt, except
# -Werror: warnings from a newer libtorch's headers are reported, not fatal.
#
# usage: build-libtorchsharp.sh SOURCES TORCH_DIR CXX11_ABI OUT_DIR
#   SOURCES    TorchSharp's src/Native (holds Stdafx.h and LibTorchSharp/)
#   TORCH_DIR  a libtorch: include/ and lib/ (a PyTorch install's torch/ folder, or an unpacked libtorch zip)
#   CXX11_ABI  0 or 1, as libtorch was built (python3 -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')
# A source file that does not compile is left out and named: the managed side binds each native function when it
# is first called, so only the functions in that file become unavailable (an EntryPointNotFoundException names them).
set -uo pipefail
src=$1 torch=$2 abi=$3 out=$4
obj=$(mktemp -d /tmp/libtorchsharp-obj.XXXXXX)
jobs=$(nproc)
includes=(-I"$torch/include" -I"$torch/include/torch/csrc/api/include" -I"$src" -I"$src/LibTorchSharp")
defines=(-D_GLIBCXX_USE_CXX11_ABI="$abi" -D__LINUX__ -D_NO_ASYNCRTIMP -D_NO_PPLXIMP -DNDEBUG)
common=(-O1 -fPIC -fvisibility=hidden -fstack-protector-strong -Wno-unused-local-typedefs -Wno-deprecated-declarations)

# The C++ standard libtorch's headers accept (C++17 up to PyTorch 2.x; later ones may ask for C++20).
std=""
for candidate in c++17 c++20; do
  if g++ -std=$candidate "${common[@]}" "${defines[@]}" "${includes[@]}" -c "$src/LibTorchSharp/Utils.cpp" -o "$obj/Utils.o" 2> "$obj/Utils.$candidate.log"; then
    std=$candidate; break
  fi
done
if [ -z "$std" ]; then
  echo "build: Utils.cpp does not compile with C++17 or C++20 against $torch:"; head -40 "$obj/Utils.c++17.log"; exit 1
fi
echo "build: C++ standard $std, $jobs jobs, libtorch $torch (CXX11 ABI $abi)"

export std obj src
printf '%s\n' "$src"/LibTorchSharp/*.cpp | grep -v '/Utils.cpp$' | xargs -P "$jobs" -I{} bash -c '
  f={}; name=$(basename "$f" .cpp)
  start=$(date +%s)
  if g++ -std=$std '"${common[*]} ${defines[*]} ${includes[*]}"' -c "$f" -o "$obj/$name.o" 2> "$obj/$name.log"; then
    echo "  compiled $name ($(( $(date +%s) - start )) s)"
  else
    echo "  FAILED   $name: $(grep -m1 "error" "$obj/$name.log")"; rm -f "$obj/$name.o"
  fi'
gcc -O2 -fPIC -fvisibility=hidden -c "$src/LibTorchSharp/crc32c.c" -o "$obj/crc32c.o" 2> "$obj/crc32c.log" || echo "  FAILED   crc32c"

failed=$(for f in "$src"/LibTorchSharp/*.cpp; do n=$(basename "$f" .cpp); [ -f "$obj/$n.o" ] || echo "$n"; done)
if [ -n "$failed" ]; then
  echo "build: left out (did not compile): $failed"
  for n in $failed; do echo "---- $n.log (first errors)"; grep -m8 -A3 'error' "$obj/$n.log"; done
fi

cuda_libs=()
[ -f "$torch/lib/libtorch_cuda.so" ] && cuda_libs=(-ltorch_cuda -lc10_cuda)
mkdir -p "$out"
# --no-as-needed keeps libtorch_cuda.so as a dependency though no symbol of it is referenced: loading it registers
# the CUDA backend with libtorch (what makes torch.cuda.is_available() true).
if ! g++ -shared -o "$out/libLibTorchSharp.so" "$obj"/*.o -L"$torch/lib" \
     -Wl,--no-as-needed -ltorch "${cuda_libs[@]}" -ltorch_cpu -lc10 -Wl,--as-needed \
     -Wl,-rpath,"$torch/lib" -Wl,-Bsymbolic -Wl,-Bsymbolic-functions -Wl,--build-id=sha1 -Wl,--no-undefined 2> "$obj/link.log"; then
  echo "build: link failed:"; head -40 "$obj/link.log"; exit 1
fi
exports=$(nm -D --defined-only "$out/libLibTorchSharp.so" | grep -c ' T THS')
echo "build: $out/libLibTorchSharp.so ($(du -k "$out/libLibTorchSharp.so" | cut -f1) KiB, $exports THS exports${cuda_libs:+, CUDA linked})"
rm -rf "$obj"
