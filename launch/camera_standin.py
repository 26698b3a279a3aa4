#!/usr/bin/python3
"""A stand-in for realsense2_camera: publishes a recorded RGB-D sequence as the driver publishes a live camera.

Same topics and frame ids as `ros2 launch realsense2_camera rs_launch.py camera_namespace:=camera
camera_name:=camera align_depth.enable:=true` (rgb8 colour, 16UC1 depth in millimetres aligned to colour, the
colour camera's CameraInfo), sensor-data QoS (best effort, keep last 5), stamps from the ROS clock at publish time,
at a fixed rate. The frames come from a folder in TUM RGB-D layout (rgb.txt, depth.txt, as `nice-slam synth --out`
or `nice-slam bag write` folders and the TUM benchmark have them) and are played forwards and backwards (so that
the motion has no jump) for as long as asked. Images are resized to --width x --height (nearest for depth).

    python3 launch/camera_standin.py --frames DIR [--rate 30] [--seconds 60 | --count 300] [--width 640 --height 480]

Needs rclpy, sensor_msgs, numpy and Pillow (python3-pil). At the end it prints one JSON line with what it published.
"""

import argparse
import array
import json
import os
import sys
import time

import numpy as np
from PIL import Image as PilImage

import rclpy
from rclpy.node import Node
from rclpy.qos import qos_profile_sensor_data
from sensor_msgs.msg import CameraInfo, Image

COLOR_TOPIC = '/camera/camera/color/image_raw'
DEPTH_TOPIC = '/camera/camera/aligned_depth_to_color/image_raw'
INFO_TOPIC = '/camera/camera/color/camera_info'
COLOR_FRAME = 'camera_color_optical_frame'


def read_list(path):
    """The file names of a TUM list file (timestamp name per line; '#' comments)."""
    names = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                names.append(line.split()[1])
    return names


def read_camera_yaml(folder):
    """The numeric entries of the folder's camera.yaml (nice-slam synth writes one), or {}."""
    values = {}
    path = os.path.join(folder, 'camera.yaml')
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            for line in f:
                if ':' in line:
                    key, _, value = line.partition(':')
                    try:
                        values[key.strip()] = float(value.split('#')[0].strip())
                    except ValueError:
                        pass
    return values


def read_intrinsics(folder, width, height):
    """fx fy cx cy of the folder's camera.yaml or TUM fr1's defaults, scaled to width x height."""
    values = read_camera_yaml(folder)
    fx, fy, cx, cy = values.get('fx', 517.3), values.get('fy', 516.5), values.get('cx', 318.6), values.get('cy', 255.3)
    w0, h0 = values.get('width', 640), values.get('height', 480)
    sx, sy = width / w0, height / h0        # pixel centres at integers: (c + 0.5) s - 0.5
    return fx * sx, fy * sy, (cx + 0.5) * sx - 0.5, (cy + 0.5) * sy - 0.5


def load_frames(folder, width, height, depth_factor, limit):
    """(rgb8 bytes HxWx3, 16UC1 little-endian bytes HxW in millimetres) pairs, in order, as array('B')."""
    colours = read_list(os.path.join(folder, 'rgb.txt'))
    depths = read_list(os.path.join(folder, 'depth.txt'))
    n = min(len(colours), len(depths), limit if limit > 0 else 1 << 30)
    frames = []
    for i in range(n):
        rgb = PilImage.open(os.path.join(folder, colours[i])).convert('RGB').resize((width, height), PilImage.BILINEAR)
        raw = np.asarray(PilImage.open(os.path.join(folder, depths[i])).resize((width, height), PilImage.NEAREST))
        millimetres = np.clip(raw.astype(np.float64) * (1000.0 / depth_factor), 0, 65535).astype('<u2')
        # array('B') is what the generated message classes keep: assigning one is a reference, while assigning
        # bytes makes rclpy check every element in Python (about 0.1 s for a 640x480 image).
        frames.append((array.array('B', np.ascontiguousarray(np.asarray(rgb, dtype=np.uint8)).tobytes()),
                       array.array('B', millimetres.tobytes())))
    if not frames:
        raise SystemExit(f'camera_standin: no frames in {folder} (rgb.txt and depth.txt)')
    return frames


class CameraStandIn(Node):
    def __init__(self, frames, rate, width, height, intrinsics):
        super().__init__('camera', namespace='/camera')
        self.frames = frames
        self.width, self.height = width, height
        self.color = self.create_publisher(Image, COLOR_TOPIC, qos_profile_sensor_data)
        self.depth = self.create_publisher(Image, DEPTH_TOPIC, qos_profile_sensor_data)
        self.info = self.create_publisher(CameraInfo, INFO_TOPIC, qos_profile_sensor_data)
        fx, fy, cx, cy = intrinsics
        self.camera_info = CameraInfo(width=width, height=height, distortion_model='plumb_bob', d=[0.0] * 5,
                                      k=[fx, 0.0, cx, 0.0, fy, cy, 0.0, 0.0, 1.0],
                                      r=[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0],
                                      p=[fx, 0.0, cx, 0.0, 0.0, fy, cy, 0.0, 0.0, 0.0, 1.0, 0.0])
        self.camera_info.header.frame_id = COLOR_FRAME
        self.published = 0
        self.timer = self.create_timer(1.0 / rate, self.tick)

    def frame_index(self):
        """Forwards then backwards through the frames (no jump in the motion)."""
        n = len(self.frames)
        if n == 1:
            return 0
        period = 2 * (n - 1)
        k = self.published % period
        return k if k < n else period - k

    def tick(self):
        rgb, depth = self.frames[self.frame_index()]
        stamp = self.get_clock().now().to_msg()
        colour = Image(height=self.height, width=self.width, encoding='rgb8', is_bigendian=0, step=self.width * 3)
        colour.header.stamp, colour.header.frame_id = stamp, COLOR_FRAME
        colour.data = rgb
        aligned = Image(height=self.height, width=self.width, encoding='16UC1', is_bigendian=0, step=self.width * 2)
        aligned.header.stamp, aligned.header.frame_id = stamp, COLOR_FRAME   # aligned to colour: colour's frame
        aligned.data = depth
        self.camera_info.header.stamp = stamp
        self.info.publish(self.camera_info)
        self.depth.publish(aligned)
        self.color.publish(colour)
        self.published += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--frames', required=True, help='folder in TUM RGB-D layout (rgb.txt, depth.txt)')
    parser.add_argument('--rate', type=float, default=30.0, help='frames a second')
    parser.add_argument('--seconds', type=float, default=0.0, help='stop after this long (0: until stopped)')
    parser.add_argument('--count', type=int, default=0, help='stop after publishing this many frames (0: no limit)')
    parser.add_argument('--width', type=int, default=640)
    parser.add_argument('--height', type=int, default=480)
    parser.add_argument('--depth-factor', type=float, default=0.0,
                        help="depth PNG units per metre (0: the folder's camera.yaml depth_scale, else TUM's 5000)")
    parser.add_argument('--max-frames', type=int, default=0, help='frames of the folder to use (0: all)')
    args, ros_args = parser.parse_known_args()

    depth_factor = args.depth_factor or read_camera_yaml(args.frames).get('depth_scale', 5000.0)
    frames = load_frames(args.frames, args.width, args.height, depth_factor, args.max_frames)
    rclpy.init(args=[sys.argv[0]] + ros_args)
    node = CameraStandIn(frames, args.rate, args.width, args.height, read_intrinsics(args.frames, args.width, args.height))
    start = time.monotonic()
    try:
        while rclpy.ok() and (args.seconds <= 0 or time.monotonic() - start < args.seconds) \
                and (args.count <= 0 or node.published < args.count):
            rclpy.spin_once(node, timeout_sec=0.1)
    except KeyboardInterrupt:
        pass
    elapsed = time.monotonic() - start
    print(json.dumps({'published': node.published, 'seconds': round(elapsed, 3), 'frames_in_folder': len(frames),
                      'rate': round(node.published / elapsed, 2) if elapsed > 0 else 0.0}), flush=True)
    node.destroy_node()
    if rclpy.ok():
        rclpy.shutdown()


if __name__ == '__main__':
    main()
