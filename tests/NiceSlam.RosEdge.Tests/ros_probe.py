#!/usr/bin/python3
"""ROS 2 side of the rcldotnet node's tests (rclpy): watches the node's status and /tf and, with --camera, plays a
RealSense-like camera (640x480 rgb8 colour, 16UC1 depth aligned to it and CameraInfo on realsense2_camera's topic
names, sensor-data QoS) at --rate Hz. Prints one JSON line per status message and for the first /tf transform;
exits 0 once a status and a tf transform arrived and frames_tracked >= --min-tracked, 1 at --timeout seconds."""
import argparse
import json
import sys
import time

import numpy as np
import rclpy
from rclpy.qos import QoSProfile, ReliabilityPolicy, HistoryPolicy, qos_profile_sensor_data
from sensor_msgs.msg import CameraInfo, Image
from tf2_msgs.msg import TFMessage
from nice_slam_msgs.msg import SlamStatus

WIDTH, HEIGHT, FX = 640, 480, 525.0


def camera_frame(index):
    """A tilted textured plane 1.2-2.0 m away that slides sideways a little each frame: colour (rgb8) and depth
    (16UC1, millimetres) as bytes."""
    u = np.arange(WIDTH, dtype=np.float32)[None, :]
    v = np.arange(HEIGHT, dtype=np.float32)[:, None]
    depth_m = 1.2 + 0.8 * v / HEIGHT + 0.0 * u
    shift = 2.0 * index
    pattern = (np.sin((u + shift) / 9.0) * np.cos(v / 13.0) * 0.5 + 0.5)
    rgb = np.stack([pattern * 255, (1 - pattern) * 255, (u + shift) % 256 + 0 * v], axis=-1).astype(np.uint8)
    depth = (depth_m * 1000.0).astype(np.uint16)
    return rgb.tobytes(), depth.tobytes()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--camera', action='store_true')
    parser.add_argument('--rate', type=float, default=30.0)
    parser.add_argument('--min-tracked', type=int, default=0)
    parser.add_argument('--timeout', type=float, default=60.0)
    parser.add_argument('--prefix', default='/nice_slam')
    args = parser.parse_args()

    rclpy.init()
    node = rclpy.create_node('nice_slam_edge_probe')
    seen = {'status': None, 'tf': False, 'published': 0}
    best_effort = QoSProfile(depth=10, reliability=ReliabilityPolicy.BEST_EFFORT, history=HistoryPolicy.KEEP_LAST)

    def on_status(m):
        seen['status'] = m
        print(json.dumps({'topic': 'status', 'state': m.state, 'frames_received': m.frames_received,
                          'frames_tracked': m.frames_tracked, 'frames_rejected': m.frames_rejected,
                          'keyframes': m.keyframes, 'input_diagnosis': m.input_diagnosis,
                          'published': seen['published']}), flush=True)

    def on_tf(m):
        if not seen['tf'] and m.transforms:
            seen['tf'] = True
            t = m.transforms[0]
            print(json.dumps({'topic': 'tf', 'parent': t.header.frame_id, 'child': t.child_frame_id}), flush=True)

    node.create_subscription(SlamStatus, args.prefix + '/status', on_status, best_effort)
    node.create_subscription(TFMessage, '/tf', on_tf, best_effort)

    if args.camera:
        colour_pub = node.create_publisher(Image, '/camera/camera/color/image_raw', qos_profile_sensor_data)
        depth_pub = node.create_publisher(Image, '/camera/camera/aligned_depth_to_color/image_raw', qos_profile_sensor_data)
        info_pub = node.create_publisher(CameraInfo, '/camera/camera/color/camera_info', qos_profile_sensor_data)
        frames = [camera_frame(i) for i in range(30)]

        def publish():
            i = seen['published']
            stamp = node.get_clock().now().to_msg()
            rgb, depth = frames[i % len(frames)]
            for pub, data, encoding, step in ((colour_pub, rgb, 'rgb8', WIDTH * 3), (depth_pub, depth, '16UC1', WIDTH * 2)):
                m = Image()
                m.header.stamp = stamp
                m.header.frame_id = 'camera_color_optical_frame'
                m.height, m.width, m.encoding, m.is_bigendian, m.step = HEIGHT, WIDTH, encoding, 0, step
                m.data = data
                pub.publish(m)
            info = CameraInfo()
            info.header.stamp = stamp
            info.header.frame_id = 'camera_color_optical_frame'
            info.height, info.width, info.distortion_model = HEIGHT, WIDTH, 'plumb_bob'
            info.d = [0.0] * 5
            info.k = [FX, 0.0, WIDTH / 2, 0.0, FX, HEIGHT / 2, 0.0, 0.0, 1.0]
            info.r = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]
            info.p = [FX, 0.0, WIDTH / 2, 0.0, 0.0, FX, HEIGHT / 2, 0.0, 0.0, 0.0, 1.0, 0.0]
            info_pub.publish(info)
            seen['published'] = i + 1

        node.create_timer(1.0 / args.rate, publish)

    deadline = time.monotonic() + args.timeout
    ok = False
    while time.monotonic() < deadline:
        rclpy.spin_once(node, timeout_sec=0.05)
        s = seen['status']
        if s is not None and seen['tf'] and s.frames_tracked >= args.min_tracked:
            ok = True
            break
    print(json.dumps({'topic': 'result', 'ok': ok, 'published': seen['published']}), flush=True)
    node.destroy_node()
    rclpy.shutdown()
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
