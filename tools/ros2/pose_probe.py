#!/usr/bin/python3
"""Watches a running NiceSlam.NET node from the ROS 2 graph and measures what a user of its poses gets.

Subscribes to /tf (the map -> camera transforms the node broadcasts) and the node's status topic, for --seconds,
and prints one JSON line: how many poses arrived, the first pose's arrival after the probe started (and after
the first camera image it saw, when --camera-topic is given), the stamp-to-receipt latency (median, p95; the
stamps must be ROS time, as a live camera's are), and the last status message's counters.

    python3 tools/ros2/pose_probe.py --seconds 60 [--camera-topic /camera/camera/color/image_raw]
"""

import argparse
import json
import statistics
import sys
import time

import rclpy
from rclpy.node import Node
from rclpy.qos import QoSProfile, ReliabilityPolicy, HistoryPolicy, DurabilityPolicy, qos_profile_sensor_data
from tf2_msgs.msg import TFMessage

try:
    from nice_slam_msgs.msg import SlamStatus
except ImportError:          # the interface package is not built: no status
    SlamStatus = None


class PoseProbe(Node):
    def __init__(self, child_frame, status_topic, camera_topic):
        super().__init__('pose_probe')
        self.child_frame = child_frame
        self.start = time.monotonic()
        self.latencies = []
        self.first_pose = None
        self.first_image = None
        self.status = None
        tf_qos = QoSProfile(depth=100, reliability=ReliabilityPolicy.RELIABLE, history=HistoryPolicy.KEEP_LAST,
                            durability=DurabilityPolicy.VOLATILE)
        self.create_subscription(TFMessage, '/tf', self.on_tf, tf_qos)
        if SlamStatus is not None:
            self.create_subscription(SlamStatus, status_topic, self.on_status, 10)
        if camera_topic:
            from sensor_msgs.msg import Image
            self.create_subscription(Image, camera_topic, self.on_image, qos_profile_sensor_data)

    def on_image(self, _):
        if self.first_image is None:
            self.first_image = time.monotonic()

    def on_tf(self, message):
        now = self.get_clock().now().nanoseconds
        for t in message.transforms:
            if self.child_frame and t.child_frame_id != self.child_frame:
                continue
            stamp = t.header.stamp.sec * 1_000_000_000 + t.header.stamp.nanosec
            self.latencies.append((now - stamp) / 1e6)
            if self.first_pose is None:
                self.first_pose = time.monotonic()

    def on_status(self, message):
        self.status = message


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--seconds', type=float, default=30.0)
    parser.add_argument('--child-frame', default='camera_color_optical_frame')
    parser.add_argument('--status-topic', default='/nice_slam/status')
    parser.add_argument('--camera-topic', default='')
    args, ros_args = parser.parse_known_args()
    rclpy.init(args=[sys.argv[0]] + ros_args)
    probe = PoseProbe(args.child_frame, args.status_topic, args.camera_topic)
    try:
        while rclpy.ok() and time.monotonic() - probe.start < args.seconds:
            rclpy.spin_once(probe, timeout_sec=0.1)
    except KeyboardInterrupt:
        pass
    result = {
        'poses': len(probe.latencies),
        'seconds': round(time.monotonic() - probe.start, 3),
        'first_pose_after_start_s': None if probe.first_pose is None else round(probe.first_pose - probe.start, 3),
        'first_pose_after_first_image_s': None if probe.first_pose is None or probe.first_image is None
        else round(probe.first_pose - probe.first_image, 3),
        'latency_median_ms': None if not probe.latencies else round(statistics.median(probe.latencies), 1),
        'latency_p95_ms': None if not probe.latencies else round(percentile(probe.latencies, 0.95), 1),
    }
    if probe.status is not None:
        s = probe.status
        result['status'] = {name: getattr(s, name) for name in s.get_fields_and_field_types()
                            if not name.startswith('header') and isinstance(getattr(s, name), (int, float, str, bool))}
    print(json.dumps(result), flush=True)
    probe.destroy_node()
    if rclpy.ok():
        rclpy.shutdown()


if __name__ == '__main__':
    main()
