#!/usr/bin/env bash
# Builds the rcldotnet node's ROS 2 packages — msg/ (nice_slam_msgs, with its C# bindings) and src/NiceSlam.Ros
# (nice_slam_ros: the executable nice_slam_node and launch/) — with colcon on top of an installed ROS 2 and an
# installed ros2_dotnet overlay (rcldotnet + C# bindings of the standard interfaces). See ros2_ws/README.md.
#
#   ros2_ws/build.sh                   # build into $NICE_SLAM_WS (default: ros2_ws/ws in this repository, ignored)
#   source "$NICE_SLAM_WS/install/setup.bash"; ros2 run nice_slam_ros nice_slam_node --ros-args -p source:=synthetic
#
# Environment:
#   ROS_BASE      the ROS 2 install (default /opt/ros/humble)
#   ROS_DOTNET    the ros2_dotnet overlay install (default /opt/ros/ros2_dotnet); sourced after ROS_BASE
#   NICE_SLAM_WS  the workspace folder colcon builds into (build/, install/, log/); outside the sources
#   NICE_SLAM_CUDA=ON  reference TorchSharp-cuda-linux instead of TorchSharp-cpu
# Extra arguments go to `colcon build` (e.g. --event-handlers console_direct+).
set -euo pipefail

# Real paths: a path through a symbolic link makes NuGet lose NiceSlam.Ros's project references (the published
# node then lacks libtorch, OpenCvSharp and the node's own assemblies), so nothing below goes through one.
REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)
ROS_BASE=$(readlink -f "${ROS_BASE:-/opt/ros/humble}")
ROS_DOTNET=$(readlink -f "${ROS_DOTNET:-/opt/ros/ros2_dotnet}")
NICE_SLAM_WS=${NICE_SLAM_WS:-$REPO/ros2_ws/ws}
mkdir -p "$NICE_SLAM_WS"
NICE_SLAM_WS=$(readlink -f "$NICE_SLAM_WS")

for f in "$ROS_BASE/setup.bash" "$ROS_DOTNET/setup.bash"; do
  [[ -f $f ]] || { echo "build.sh: $f not found (set ROS_BASE / ROS_DOTNET; ros2_ws/README.md)" >&2; exit 2; }
done
[[ -f $ROS_DOTNET/share/rcldotnet/package.xml ]] ||
  { echo "build.sh: $ROS_DOTNET holds no rcldotnet (ROS_DOTNET must be the ros2_dotnet overlay)" >&2; exit 2; }
command -v colcon >/dev/null || { echo "build.sh: colcon not found (apt install colcon / python3-colcon-ros python3-colcon-cmake)" >&2; exit 2; }
/usr/bin/python3 -c 'import colcon_bash' 2>/dev/null ||
  { echo "build.sh: colcon writes no setup.bash without colcon-bash (apt install python3-colcon-bash)" >&2; exit 2; }
command -v dotnet >/dev/null || { echo "build.sh: the .NET SDK (dotnet) is not on PATH" >&2; exit 2; }

# Debian's /usr/bin/python3 ahead of any venv/pyenv python: ament and rosidl run with it.
DOTNET_DIR=$(dirname "$(readlink -f "$(command -v dotnet)")")
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$DOTNET_DIR"
unset PYTHONPATH AMENT_PREFIX_PATH CMAKE_PREFIX_PATH COLCON_PREFIX_PATH
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PYVER=$(/usr/bin/python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')

set +u
# shellcheck disable=SC1091
source "$ROS_BASE/setup.bash"
# shellcheck disable=SC1091
source "$ROS_DOTNET/setup.bash"
set -u

cd "$NICE_SLAM_WS"
# --base-paths: the two packages only (no symlinked source tree, no vcs import: the interfaces' C# bindings come
# from the overlay). The cmake arguments are colcon.meta's, given directly (Debian's colcon has no --metas). CSHARP_TARGET_FRAMEWORK: the generated message assemblies otherwise target netstandard1.1,
# whose restore needs runtime.* packages.
colcon build \
  --base-paths "$REPO/msg" "$REPO/src/NiceSlam.Ros" \
  --build-base "$NICE_SLAM_WS/build" --install-base "$NICE_SLAM_WS/install" \
  --cmake-args -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Release \
    -DCSHARP_TARGET_FRAMEWORK=netstandard2.0 -DNICE_SLAM_MSGS_REQUIRE_DOTNET=ON \
    -DPython3_EXECUTABLE=/usr/bin/python3 "-DPYTHON_INSTALL_DIR=lib/python$PYVER/site-packages" \
    "-DNICE_SLAM_CUDA=${NICE_SLAM_CUDA:-OFF}" \
  "$@"

echo "build.sh: built into $NICE_SLAM_WS/install; source $NICE_SLAM_WS/install/setup.bash"
