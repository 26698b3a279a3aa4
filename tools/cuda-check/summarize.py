#!/usr/bin/env python3
"""Prints the CUDA check's figures as Markdown tables from a results folder (runs/*/report.json,
runs/bench-*.json, runs/compare-cpu-cuda/evaluation.json). Missing files are skipped, never fatal.
usage: summarize.py RESULTS_DIR"""
import json, os, sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def fmt(v, spec="{:.2f}"):
    return "-" if v is None else spec.format(v)


def main(root):
    runs = os.path.join(root, "runs")
    names = sorted(os.listdir(runs)) if os.path.isdir(runs) else []
    benches = [(n, load(os.path.join(runs, n))) for n in names if n.startswith("bench-") and n.endswith(".json")]
    if benches:
        print("\n## bench (ms per iteration; M points/s through the decoders)\n")
        print("| device | threads | matmul GFLOP/s | pixels | tracking ms/it | mapping ms/it | tracking Mpts/s | mapping Mpts/s |")
        print("|---|---|---|---|---|---|---|---|")
        for name, b in benches:
            if not b:
                continue
            for r in b.get("rows", []):
                print(f"| {b.get('device')} | {b.get('threads')} | {fmt(b.get('matmulGflops'), '{:.0f}')} | {r.get('pixels')} "
                      f"| {fmt(r.get('trackingMsPerIteration'))} | {fmt(r.get('mappingMsPerIteration'))} "
                      f"| {fmt((r.get('trackingPointsPerSecond') or 0) / 1e6)} | {fmt((r.get('mappingPointsPerSecond') or 0) / 1e6)} |")
    reports = [(n, load(os.path.join(runs, n, "report.json"))) for n in names if os.path.isfile(os.path.join(runs, n, "report.json"))]
    if reports:
        print("\n## runs\n")
        print("| run | device | preset | frames | ATE cm | frames/s | tracking ms/frame | tracking ms/it | mapping ms/it | mapping ms/call | peak MiB | error |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for name, r in reports:
            t = r.get("timingsMs", {}) or {}
            print(f"| {name} | {r.get('device')} | {r.get('preset')} | {r.get('framesTracked')} | {fmt(r.get('ateRmseCm'), '{:.3f}')} "
                  f"| {fmt(r.get('framesPerSecond'))} | {fmt(t.get('trackingPerFrame'), '{:.1f}')} | {fmt(t.get('trackingPerIteration'))} "
                  f"| {fmt(t.get('mappingPerIteration'))} | {fmt(t.get('mappingPerCall'), '{:.0f}')} | {fmt(r.get('peakWorkingSetMiB'), '{:.0f}')} "
                  f"| {r.get('error') or ''} |")
    by_name = dict(reports)
    cpu, gpu = by_name.get("7scenes-cpu"), by_name.get("7scenes-cuda")
    compare = load(os.path.join(runs, "compare-cpu-cuda", "evaluation.json"))
    if cpu and gpu:
        print("\n## CPU vs CUDA on the same recording, settings and seed\n")
        a, b = cpu.get("ateRmseCm"), gpu.get("ateRmseCm")
        print(f"- ATE against ground truth: CPU {fmt(a, '{:.3f}')} cm, CUDA {fmt(b, '{:.3f}')} cm, "
              f"difference {fmt(None if a is None or b is None else abs(a - b), '{:.3f}')} cm (target < 0.5 cm)")
        if compare:
            print(f"- CUDA trajectory against the CPU one (rigidly aligned): RMSE {fmt(compare.get('ateRmseCm'), '{:.3f}')} cm "
                  f"over {compare.get('matchedPoses')} poses")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
