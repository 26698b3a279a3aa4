#!/usr/bin/env bash
# The node on a live ROS 2 camera: the rclpy realsense stand-in (launch/camera_standin.py) publishes a recorded
# sequence at 640x480 and --rate Hz, the DDS node (nice-slam-node, transport dds, launch/params.yaml) tracks it,
# and tools/ros2/pose_probe.py measures the poses on /tf; prints the stand-in's and the probe's JSON lines.
#   tools/ros2/live_camera_benchmark.sh NODE_EXECUTABLE FRAMES_DIR [SECONDS=60] [RATE=30] [DOMAIN=77]
# Needs ROS 2 sourced (/opt/ros/humble/setup.bash); everything stays on 127.0.0.1 (../shared/ros2/cyclone-loopback.xml).
set -uo pipefail
node_exe=$1; frames=$2; seconds=${3:-60}; rate=${4:-30}; domain=${5:-77}
here=$(cd "$(dirname "$0")/../.." && pwd)
export ROS_DOMAIN_ID=$domain
export CYCLONEDDS_URI=${CYCLONEDDS_URI:-file://$here/../shared/ros2/cyclone-loopback.xml}
log=$(mktemp -d)
setsid "$node_exe" --ros-args --params-file "$here/launch/params.yaml" -p transport:=dds -p source:=topics -p device:=cpu \
  -p cloud_period:=0.0 -p occupancy_period:=0.0 -p mesh_period:=0.0 > "$log/node.log" 2>&1 &
node_pid=$!
sleep "${NODE_WARMUP:-8}"                      # the node loads TorchSharp and the decoders first
setsid /usr/bin/python3 "$here/tools/ros2/pose_probe.py" --seconds $((seconds + 5)) --camera-topic /camera/camera/color/image_raw > "$log/probe.json" 2> "$log/probe.err" &
probe_pid=$!
sleep 1
/usr/bin/python3 "$here/launch/camera_standin.py" --frames "$frames" --rate "$rate" --seconds "$seconds" > "$log/camera.json" 2> "$log/camera.err"
wait $probe_pid
kill -TERM -- -$node_pid 2>/dev/null; wait $node_pid; node_rc=$?
echo "camera: $(cat "$log/camera.json")"
echo "probe: $(cat "$log/probe.json")"
echo "node exit code: $node_rc; node log: $log/node.log"
grep -E "queue|input finished|dropped|lost|engine:" "$log/node.log" | head -20
