#!/usr/bin/env bash
# Builds and runs ros-image-bench against the workspace ros2_ws/build.sh built (NICE_SLAM_WS, default ros2_ws/ws),
# in that workspace's environment. Arguments go to the program (--repeats N).
set -euo pipefail
REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
NICE_SLAM_WS=$(readlink -f "${NICE_SLAM_WS:-$REPO/ros2_ws/ws}")
PROPS=$NICE_SLAM_WS/build/nice_slam_ros/RosAssemblies.props
[[ -f $PROPS && -f $NICE_SLAM_WS/install/setup.bash ]] || { echo "run.sh: build the workspace first (ros2_ws/build.sh)" >&2; exit 2; }
DOTNET_DIR=$(dirname "$(readlink -f "$(command -v dotnet)")")
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$DOTNET_DIR" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
OUT=$NICE_SLAM_WS/build/ros-image-bench
dotnet build "$REPO/tools/ros-image-bench/RosImageBench.csproj" -c Release --nologo -v q -r linux-x64 \
  --artifacts-path "$NICE_SLAM_WS/build/nice_slam_ros/artifacts" -p:UseAppHost=false "-p:RosAssembliesProps=$PROPS" -o "$OUT" >&2
set +u
# shellcheck disable=SC1091
source "$NICE_SLAM_WS/install/setup.bash"
set -u
exec dotnet "$OUT/RosImageBench.dll" "$@"
