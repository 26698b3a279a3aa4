#!/usr/bin/env python3
"""Frame-to-frame RGB-D odometry of Open3D (hybrid term) against ours, pair by pair, on a dataset folder.

Usage: /usr/bin/python3 compare_open3d.py <tum or 7-scenes folder> <our trajectory.txt> [--width 160] [--csv out.csv]

For each consecutive pair (i, i+1) it prints the relative-pose error (translation cm, rotation deg) of
Open3D's hybrid odometry (python3-open3d, run here on the same frames at the same size) and of the trajectory
given (a `nice-slam run ... --set OdometryReference=LastFrame` run gives ours frame to frame), the error of the
chained trajectory (ATE after a rigid alignment), and the pairs where ours loses most.
"""
import argparse, glob, os, sys
import numpy as np, cv2, open3d as o3d


def quat_to_mat(t, q):
    x, y, z, w = q
    R = np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                  [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                  [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])
    T = np.eye(4); T[:3, :3] = R; T[:3, 3] = t
    return T


def read_trajectory(path):
    stamps, poses = [], []
    for line in open(path):
        if line.startswith('#') or not line.strip():
            continue
        v = [float(x) for x in line.split()]
        stamps.append(v[0]); poses.append(quat_to_mat(v[1:4], v[4:8]))
    return np.array(stamps), poses


def load_frames(folder, width):
    """[(stamp or index, colour uint8 HxWx3 RGB, depth float32 m)], intrinsics (fx, fy, cx, cy) at width, gt poses."""
    if os.path.exists(os.path.join(folder, 'associations.txt')):      # TUM fr1
        K = np.array([[517.3, 0, 318.6], [0, 516.5, 255.3], [0, 0, 1]]); dist = np.array([0.2624, -0.9531, -0.0054, 0.0026, 1.1633])
        gt_s, gt_p = read_trajectory(os.path.join(folder, 'groundtruth.txt'))
        items = []
        for line in open(os.path.join(folder, 'associations.txt')):
            if line.startswith('#') or not line.strip():
                continue
            p = line.split()
            # rgb stamp, rgb path, depth stamp, depth path
            items.append((float(p[0]), os.path.join(folder, p[1]), os.path.join(folder, p[3]), 5000.0))
        def gt_at(s):
            i = int(np.argmin(np.abs(gt_s - s))); return gt_p[i]
        frames = []
        for s, cpath, dpath, scale in items:
            c = cv2.cvtColor(cv2.imread(cpath, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
            d = cv2.imread(dpath, cv2.IMREAD_UNCHANGED).astype(np.float32) / scale
            c = cv2.undistort(c, K, dist)
            m1, m2 = cv2.initUndistortRectifyMap(K, dist, None, K, (640, 480), cv2.CV_32FC1)
            d = cv2.remap(d, m1, m2, cv2.INTER_NEAREST)
            frames.append((s, c, d, gt_at(s)))
    else:                                                              # 7-Scenes
        K = np.array([[585.0, 0, 320], [0, 585.0, 240], [0, 0, 1]])
        frames = []
        for i, cpath in enumerate(sorted(glob.glob(os.path.join(folder, 'frame-*.color.jpg')))):
            base = cpath[:-len('.color.jpg')]
            c = cv2.cvtColor(cv2.imread(cpath, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
            d = cv2.imread(base + '.depth.png', cv2.IMREAD_UNCHANGED).astype(np.float32) / 1000.0
            d[d >= 65.0] = 0
            frames.append((float(i), c, d, np.loadtxt(base + '.pose.txt')))
    s = width / 640.0
    out = []
    for stamp, c, d, gt in frames:
        h = int(round(480 * s))
        c = cv2.resize(c, (width, h), interpolation=cv2.INTER_AREA)
        d = cv2.resize(d, (width, h), interpolation=cv2.INTER_NEAREST)
        out.append((stamp, c, d, gt))
    return out, (K[0, 0] * s, K[1, 1] * s, (K[0, 2] + 0.5) * s - 0.5, (K[1, 2] + 0.5) * s - 0.5)


def rel_error(A, B):
    """Translation (cm) and rotation (deg) of A^-1 B."""
    E = np.linalg.inv(A) @ B
    ang = np.degrees(np.arccos(np.clip((np.trace(E[:3, :3]) - 1) / 2, -1, 1)))
    return 100 * np.linalg.norm(E[:3, 3]), ang


def ate(est, gt):
    P = np.array([T[:3, 3] for T in est]); G = np.array([T[:3, 3] for T in gt])
    mp, mg = P.mean(0), G.mean(0)
    U, S, Vt = np.linalg.svd((G - mg).T @ (P - mp))
    D = np.eye(3); D[2, 2] = np.sign(np.linalg.det(U @ Vt))
    R = U @ D @ Vt
    return 100 * np.sqrt(np.mean(np.sum((G - (P - mp) @ R.T - mg) ** 2, 1)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('folder'); ap.add_argument('ours', nargs='?')
    ap.add_argument('--width', type=int, default=160); ap.add_argument('--csv')
    a = ap.parse_args()
    frames, (fx, fy, cx, cy) = load_frames(a.folder, a.width)
    h, w = frames[0][2].shape
    intr = o3d.camera.PinholeCameraIntrinsic(w, h, fx, fy, cx, cy)
    opt = o3d.pipelines.odometry.OdometryOption()
    rgbd = [o3d.geometry.RGBDImage.create_from_color_and_depth(o3d.geometry.Image(np.ascontiguousarray(c)), o3d.geometry.Image(d),
                                                               depth_scale=1.0, depth_trunc=4.0, convert_rgb_to_intensity=True) for _, c, d, _ in frames]
    o3d_rel, o3d_ok = [], 0
    for i in range(len(frames) - 1):
        # Open3D returns the transform taking the source frame's points into the target's: source i+1, target i gives T_i^-1 T_i+1.
        ok, T, _ = o3d.pipelines.odometry.compute_rgbd_odometry(rgbd[i + 1], rgbd[i], intr, np.eye(4),
                                                                 o3d.pipelines.odometry.RGBDOdometryJacobianFromHybridTerm(), opt)
        o3d_ok += ok
        o3d_rel.append(T if ok else np.eye(4))
    gt = [f[3] for f in frames]
    chain = [gt[0]]
    for T in o3d_rel:
        chain.append(chain[-1] @ T)
    o3d_err = [rel_error(np.linalg.inv(gt[i]) @ gt[i + 1], o3d_rel[i]) for i in range(len(o3d_rel))]
    print(f'{len(frames)} frames at {w}x{h}; Open3D hybrid: {o3d_ok}/{len(o3d_rel)} pairs converged, ATE {ate(chain, gt):.2f} cm, '
          f'relative error median {np.median([e[0] for e in o3d_err]):.3f} cm / {np.median([e[1] for e in o3d_err]):.3f} deg, '
          f'RMS {np.sqrt(np.mean([e[0] ** 2 for e in o3d_err])):.3f} cm')
    if not a.ours:
        return
    stamps, ours = read_trajectory(a.ours)
    if len(ours) != len(frames):
        sys.exit(f'{a.ours} has {len(ours)} poses, the folder {len(frames)} frames')
    our_err = [rel_error(np.linalg.inv(gt[i]) @ gt[i + 1], np.linalg.inv(ours[i]) @ ours[i + 1]) for i in range(len(ours) - 1)]
    print(f'ours ({os.path.basename(os.path.dirname(a.ours))}): ATE {ate(ours, gt):.2f} cm, relative error median {np.median([e[0] for e in our_err]):.3f} cm / '
          f'{np.median([e[1] for e in our_err]):.3f} deg, RMS {np.sqrt(np.mean([e[0] ** 2 for e in our_err])):.3f} cm')
    wins = sum(1 for o, t in zip(our_err, o3d_err) if o[0] < t[0])
    print(f'ours has the smaller translation error on {wins} of {len(our_err)} pairs')
    worst = sorted(range(len(our_err)), key=lambda i: o3d_err[i][0] - our_err[i][0])[:12]
    print('pairs where ours loses most (pair: ours cm/deg, Open3D cm/deg, true motion cm/deg):')
    for i in worst:
        tm = rel_error(gt[i], gt[i + 1])
        print(f'  {i}->{i + 1}: {our_err[i][0]:.2f}/{our_err[i][1]:.2f}  {o3d_err[i][0]:.2f}/{o3d_err[i][1]:.2f}  {tm[0]:.2f}/{tm[1]:.2f}')
    if a.csv:
        with open(a.csv, 'w') as f:
            f.write('pair,ours_cm,ours_deg,open3d_cm,open3d_deg,motion_cm,motion_deg\n')
            for i in range(len(our_err)):
                tm = rel_error(gt[i], gt[i + 1])
                f.write(f'{i},{our_err[i][0]:.4f},{our_err[i][1]:.4f},{o3d_err[i][0]:.4f},{o3d_err[i][1]:.4f},{tm[0]:.4f},{tm[1]:.4f}\n')


if __name__ == '__main__':
    main()
