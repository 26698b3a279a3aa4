#!/usr/bin/env bash
# Tracking speed of the node with the Foxglove live view off, and on with a client that subscribes to every channel
# and then never reads (its queues fill; the server drops and counts). The synthetic sequence is played live (camera
# rate, drop_oldest), so the tracked frames per second of camera time are what the tracker keeps up with. Runs
# alternate off/on; each prints tracked frames, tracked per camera second, the node's CPU seconds and the load.
# Prints the machine's matmul rate first. With PLAYBACK=all every frame is processed instead (block, as fast as the
# node goes: the same work in every run; then compare the wall time per frame and the CPU seconds).
# With PAIRED=1 each round runs both nodes at the same time (on a shared, loaded machine both then see the same load).
# Usage: flock /tmp/heavy.lock tools/foxglove/stalled_client_bench.sh [frames] [rounds]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
frames=${1:-150}
rounds=${2:-4}
node_exe="$root/src/NiceSlam.Node/bin/Release/net10.0/nice-slam-node"
cli_exe="$root/src/NiceSlam.Cli/bin/Release/net10.0/nice-slam"
client="$root/tests/NiceSlam.Foxglove.Tests/client"
port=${FOXGLOVE_BENCH_PORT:-18765}
if [ "${PLAYBACK:-live}" = all ]; then playback=(--NiceSlam:playback_rate=0 --NiceSlam:queue_full_policy=block)
else playback=(--NiceSlam:playback_rate=1 --NiceSlam:queue_full_policy=drop_oldest); fi
settings=(--NiceSlam:transport=loopback --NiceSlam:source=synthetic "--NiceSlam:max_frames=$frames" "${playback[@]}" --NiceSlam:cloud_period=2 --NiceSlam:occupancy_period=0 --NiceSlam:mesh_period=0
  --NiceSlam:status_period=5)

"$cli_exe" bench --pixels 200 --iterations 3 --rounds 1 --front-end-frames 0 | grep -m1 GFLOP

run() {   # $1: off | stalled
  local log; log=$(mktemp)
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$1" = off ]; then
    (cd /tmp && /usr/bin/time -f "cpu %U %S" "$node_exe" "${settings[@]}") >"$log" 2>&1
  else
    (cd /tmp && /usr/bin/time -f "cpu %U %S" "$node_exe" "${settings[@]}" "--NiceSlam:foxglove_port=$port") >"$log" 2>&1 &
    local nodepid=$!
    for _ in $(seq 400); do grep -q "foxglove: serving" "$log" && break; sleep 0.05; done
    node "$client/client.js" "ws://127.0.0.1:$port" --stall --timeout 100000 >/dev/null 2>&1 &
    local clientpid=$!
    wait "$nodepid" || true
    kill "$clientpid" 2>/dev/null || true
  fi
  local timing; timing=$(grep -m1 "live timing" "$log" | sed -E 's/.*run: ([0-9]+) frames tracked, ([0-9.]+) a second of camera time \(([0-9.]+) a second over the node.s ([0-9.]+) s.*/\1 \2 \3 \4/')
  local cpu; cpu=$(grep -m1 "^cpu " "$log" | awk '{printf "%.1f", $2 + $3}')
  local fox; fox=$(grep -m1 "foxglove: stopped" "$log" | sed -E 's/.*: ([0-9]+) messages sent, ([0-9]+) dropped.*/sent \1 dropped \2/' || true)
  printf "%-8s tracked %s, per camera second %s, per wall second %s (node %s s), cpu %s s, load %s  %s\n" "$1" ${timing:-? ? ? ?} "${cpu:-?}" "$load" "${fox:-}"
  rm -f "$log"
}

for round in $(seq "$rounds"); do
  if [ "${PAIRED:-0}" = 1 ]; then
    run off > /tmp/foxglove_bench_off.$$ &
    run stalled
    wait
    cat /tmp/foxglove_bench_off.$$
    rm -f /tmp/foxglove_bench_off.$$
  else
    run off
    run stalled
  fi
done
exit 0
