#!/usr/bin/env python3
"""CuPy peer for washboard: the NumPy peer's vectorised GJF loop, run on a CUDA GPU with CuPy.

The arithmetic is the same code as numpy_gjf.py (gjf_common.Ensemble with xp = cupy), in the
sync-free variant: no value is read back to the host inside a step, escaped trajectories are
frozen by a 0/1 mask and their escape step is an integer count of active steps. Each array
operation is one CuPy kernel launch (about 25 per step plus the RNG); nothing is fused -- this
is the "same vectorised loop on the GPU" peer, not a tuned kernel (see gjf_escape.cu for that).

Normals: cupy.random.Generator(cupy.random.Philox4x3210(seed)) if this CuPy has it, else
cupy.random.default_rng(seed) (XORWOW), else cupy.random.RandomState(seed); the JSON says which.
Timing: cupy.cuda.Event pair around initial sampling + all steps (and the final copy of the
integer escape steps to the host), after an untimed warm-up that compiles every kernel.

Exit status 3 (with a message on stderr) when CuPy or a CUDA device is absent.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import gjf_common as gc  # noqa: E402

SKIP = 3


def load_cupy():
    try:
        import cupy as cp  # noqa: F401
    except Exception as e:  # ImportError, or a broken CUDA install
        print(f"cupy_gjf: skipped: CuPy is not importable ({type(e).__name__}: {e})", file=sys.stderr)
        sys.exit(SKIP)
    try:
        ndev = cp.cuda.runtime.getDeviceCount()
    except Exception as e:
        print(f"cupy_gjf: skipped: no usable CUDA device ({type(e).__name__}: {e})", file=sys.stderr)
        sys.exit(SKIP)
    if ndev < 1:
        print("cupy_gjf: skipped: no CUDA device", file=sys.stderr)
        sys.exit(SKIP)
    return cp


def device_name(cp) -> str:
    try:
        props = cp.cuda.runtime.getDeviceProperties(cp.cuda.Device().id)
        name = props.get("name", b"?")
        return name.decode() if isinstance(name, bytes) else str(name)
    except Exception:
        return "CUDA device"


def make_normal_factory(cp, seed: int, dtype):
    """Returns (factory, description). factory(block_index) -> normal(out) filling out in place."""
    dt_ = np.dtype(dtype)
    probe = cp.empty(8, dtype=dt_)
    attempts = []

    def philox():
        gen = cp.random.Generator(cp.random.Philox4x3210(seed))
        return gen, "cupy.random.Generator(Philox4x3210) standard_normal"

    def default():
        gen = cp.random.default_rng(seed)
        return gen, f"cupy.random.default_rng ({type(gen.bit_generator).__name__}) standard_normal"

    for make in (philox, default):
        try:
            gen, desc = make()
            gen.standard_normal(dtype=dt_, out=probe)

            def factory(_i, gen=gen):
                return lambda out: gen.standard_normal(dtype=dt_, out=out)

            return factory, desc
        except Exception as e:
            attempts.append(f"{make.__name__}: {type(e).__name__}: {e}")
    rs = cp.random.RandomState(seed)

    def factory(_i):
        def normal(out):
            out[...] = rs.standard_normal(out.shape, dtype=dt_)
        return normal

    print("cupy_gjf: falling back to cupy.random.RandomState (" + "; ".join(attempts) + ")", file=sys.stderr)
    return factory, "cupy.random.RandomState (cuRAND default generator) standard_normal"


def main(argv=None) -> int:
    ap = gc.common_parser("cupy_gjf.py", "CuPy GJF escape peer for washboard")
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    ap.add_argument("--block", type=int, default=1 << 22, help="trajectories per block (bounds GPU memory)")
    ap.add_argument("--compact-every", type=int, default=1024,
                    help="rate mode: drop escaped trajectories every this many steps (0 = never)")
    args = ap.parse_args(argv)
    mode, steps = gc.resolve_mode(args)
    try:
        p = gc.Params(args.gamma, args.Q, args.barrier_kT, args.dt)
    except ValueError as e:
        ap.error(str(e))
    if args.trajectories <= 0 or args.block <= 0:
        ap.error("--trajectories and --block must be positive")

    cp = load_cupy()
    dev = device_name(cp)
    factory, rng_desc = make_normal_factory(cp, args.seed, args.dtype)
    compact = args.compact_every if mode == "rate" else 0
    progress = gc.Progress(quiet=args.quiet)
    sync = cp.cuda.Device().synchronize

    # untimed warm-up: compiles every elementwise kernel, including the compaction path
    wfac, _ = make_normal_factory(cp, args.seed + 977, args.dtype)
    gc.run_ensemble(cp, p, min(args.trajectories, 4096), 16, 4096, args.dtype, wfac, sync_free=True,
                    compact_every=8, sync=sync)
    sync()

    progress(f"cupy_gjf: {mode} mode, {args.trajectories} traj x {steps} steps, {args.dtype}, on {dev}", force=True)
    start, end = cp.cuda.Event(), cp.cuda.Event()
    t0 = time.perf_counter()
    start.record()
    esc_steps, counted = gc.run_ensemble(cp, p, args.trajectories, steps, args.block, args.dtype, factory,
                                         sync_free=True, compact_every=compact, sync=sync, progress=progress)
    end.record()
    end.synchronize()
    wall = time.perf_counter() - t0
    seconds = cp.cuda.get_elapsed_time(start, end) * 1e-3
    result = {
        "peer": "cupy",
        "mode": mode,
        "device": f"GPU: {dev}",
        "dtype": args.dtype,
        "rng": rng_desc,
        "trajectories": args.trajectories,
        "steps": steps,
        "seconds": seconds,
        "wallSeconds": wall,
        "trajectorySteps": counted,
        "stepsPerSecond": counted / seconds,
        "counting": ("every trajectory x every step, escaped (frozen) ones included" if compact == 0 else
                     f"integrated steps only: escaped trajectories dropped every {compact} steps"),
        "gamma": p.gamma, "Q": p.q0, "barrierKT": p.barrier_kT, "dt": p.dt, "theta": p.theta,
        "seed": args.seed, "block": args.block,
        "timing": "cupy.cuda.Event pair around initial sampling + all steps + copy of escape steps, after warm-up",
    }
    result.update(gc.summarise(p, esc_steps, steps))
    if mode == "rate":
        ref = gc.reference_rates(p.gamma, p.q0, p.barrier_kT)
        result["reference"] = ref
        result["rateOverMM"] = result["rate"] / ref["melnikovMeshkov"]
    env = gc.env_info()
    env["cupy"] = getattr(cp, "__version__", "?")
    result["env"] = env
    gc.emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
