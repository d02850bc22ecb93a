#!/usr/bin/env python3
"""NumPy peer for washboard: vectorised GJF Langevin escape over an ensemble of trajectories.

Model, integrator, escape criterion and estimator: /work/shared/physics.md sec. 1, 2, 6
(see gjf_common.py). Normals come from numpy.random.Generator(numpy.random.Philox(seed)),
drawn directly in the working dtype (float32 by default, like the GPU's f32).

  python3 numpy_gjf.py --trajectories 65536 --steps 2000 --json        # throughput mode
  python3 numpy_gjf.py --trajectories 4096 --max-time 2000 --json      # rate mode
  python3 numpy_gjf.py --selfcheck                                      # equilibrium check

Counting: in throughput mode every trajectory is integrated for every step, escaped (frozen)
ones included, and stepsPerSecond = trajectories * steps / seconds. In rate mode escaped
trajectories are dropped every --compact-every steps and only integrated steps are counted
(the JSON says so in "counting").
"""

from __future__ import annotations

import math
import sys
import time

import numpy as np

sys.path.insert(0, __import__("os").path.dirname(__file__))
import gjf_common as gc  # noqa: E402


def make_normal_factory(seed: int, dtype):
    gen = np.random.Generator(np.random.Philox(seed))
    dt_ = np.dtype(dtype)

    def factory(_block_index):
        def normal(out):
            gen.standard_normal(out=out, dtype=dt_)
        return normal

    return factory


def selfcheck(args) -> int:
    """Equilibrium and consistency checks; exit status 0 only if all pass.

    1. Deep well (Delta U/k_B T = args.selfcheck_barrier, default 40, no escapes): the time
       average of (phi - phi_min)^2 over all trajectories after a burn-in must match the exact
       Boltzmann value (quadrature of exp(-u/theta) over the well) within TOL_REL; <v^2> must
       match theta within TOL_REL. The harmonic value theta/sqrt(1-gamma^2) is printed too.
    2. The host-synchronising and the sync-free (CuPy-style) escape bookkeeping must give
       bitwise the same escape steps for the same normals, at the benchmark point.
    """
    TOL_REL = 0.02
    dtype = np.dtype(args.dtype)
    ok = True
    p = gc.Params(args.gamma, args.Q, args.selfcheck_barrier, args.dt)
    n = 4096
    burn = int(round(50.0 / p.dt))
    meas = int(round(400.0 / p.dt))
    gen = np.random.Generator(np.random.Philox(args.seed))
    ens = gc.Ensemble(np, n, p, dtype, lambda out: gen.standard_normal(out=out, dtype=dtype), sync_free=False)
    acc_d2 = np.zeros(n)
    acc_v2 = np.zeros(n)
    d = np.empty(n, dtype=dtype)
    t0 = time.perf_counter()
    for k in range(burn + meas):
        ens.step()
        if k >= burn:
            np.subtract(ens.phi, dtype.type(p.phi_min), out=d)
            acc_d2 += d * d
            acc_v2 += ens.v * ens.v
    esc = ens.n_frozen
    per_traj = acc_d2 / meas
    per_v = acc_v2 / meas
    mean_d2, se_d2 = per_traj.mean(), per_traj.std(ddof=1) / math.sqrt(n)
    mean_v2, se_v2 = per_v.mean(), per_v.std(ddof=1) / math.sqrt(n)
    exact = gc.equilibrium_phi_variance(p.gamma, p.theta)
    harmonic = p.theta / math.sqrt(1.0 - p.gamma ** 2)
    dev = mean_d2 / exact - 1.0
    devv = mean_v2 / p.theta - 1.0
    print(f"selfcheck 1 (deep well: gamma={p.gamma}, Q0={p.q0}, dU/kT={p.barrier_kT}, dt={p.dt}, {dtype.name}, "
          f"{n} traj, burn {burn} + {meas} steps, {time.perf_counter() - t0:.1f} s):")
    print(f"  <(phi-phi_min)^2> = {mean_d2:.6g} +- {se_d2:.2g}; exact Boltzmann {exact:.6g} "
          f"(rel. dev {dev:+.4f}); harmonic theta/sqrt(1-g^2) = {harmonic:.6g} "
          f"(rel. dev {mean_d2 / harmonic - 1.0:+.4f})")
    print(f"  <v^2> = {mean_v2:.6g} +- {se_v2:.2g}; theta {p.theta:.6g} (rel. dev {devv:+.4f}); escapes {esc}")
    if abs(dev) > TOL_REL or abs(devv) > TOL_REL or esc:
        print(f"  FAIL: tolerance {TOL_REL:.0%} relative (and no escapes expected)")
        ok = False
    else:
        print(f"  pass (tolerance {TOL_REL:.0%} relative)")

    # 2. both bookkeeping variants, same normals -> same escape steps
    p2 = gc.Params(args.gamma, args.Q, args.barrier_kT, args.dt)
    n2, s2 = 2048, 4000
    res = []
    for sync_free in (False, True):
        g2 = np.random.Generator(np.random.Philox(args.seed + 1))
        steps, _ = gc.run_ensemble(np, p2, n2, s2, 1024, dtype,
                                   lambda _i: (lambda out: g2.standard_normal(out=out, dtype=dtype)),
                                   sync_free=sync_free, compact_every=0)
        res.append(steps)
    same = np.array_equal(res[0], res[1])
    print(f"selfcheck 2 (escape bookkeeping, dU/kT={p2.barrier_kT}, {n2} traj x {s2} steps): "
          f"host-sync {int((res[0] >= 0).sum())} escapes, sync-free {int((res[1] >= 0).sum())} escapes, "
          f"identical steps: {same}")
    if not same or not (res[0] >= 0).any():
        print("  FAIL")
        ok = False
    else:
        print("  pass")
    return 0 if ok else 1


def main(argv=None) -> int:
    ap = gc.common_parser("numpy_gjf.py", "NumPy GJF escape peer for washboard")
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    ap.add_argument("--block", type=int, default=65536, help="trajectories per block (bounds memory)")
    ap.add_argument("--compact-every", type=int, default=256,
                    help="rate mode: drop escaped trajectories every this many steps (0 = never)")
    ap.add_argument("--selfcheck", action="store_true", help="run the equilibrium/consistency self-check")
    ap.add_argument("--selfcheck-barrier", type=float, default=40.0,
                    help="Delta U/k_B T of the deep well used by --selfcheck (default 40)")
    args = ap.parse_args(argv)
    if args.selfcheck:
        return selfcheck(args)

    mode, steps = gc.resolve_mode(args)
    try:
        p = gc.Params(args.gamma, args.Q, args.barrier_kT, args.dt)
    except ValueError as e:
        ap.error(str(e))
    if args.trajectories <= 0 or args.block <= 0:
        ap.error("--trajectories and --block must be positive")
    compact = args.compact_every if mode == "rate" else 0
    progress = gc.Progress(quiet=args.quiet)
    progress(f"numpy_gjf: {mode} mode, {args.trajectories} traj x {steps} steps, {args.dtype}, theta={p.theta:.6g}",
             force=True)
    t0 = time.perf_counter()
    esc_steps, counted = gc.run_ensemble(np, p, args.trajectories, steps, args.block, args.dtype,
                                         make_normal_factory(args.seed, args.dtype), sync_free=False,
                                         compact_every=compact, progress=progress)
    seconds = time.perf_counter() - t0
    result = {
        "peer": "numpy",
        "mode": mode,
        "device": f"CPU: {gc.cpu_name()} ({gc.env_info()['cpus']} logical CPUs; NumPy elementwise ops use one)",
        "dtype": args.dtype,
        "rng": "numpy.random.Generator(Philox) standard_normal (Philox4x64-10, ziggurat)",
        "trajectories": args.trajectories,
        "steps": steps,
        "seconds": seconds,
        "trajectorySteps": counted,
        "stepsPerSecond": counted / seconds,
        "counting": ("every trajectory x every step, escaped (frozen) ones included" if compact == 0 else
                     f"integrated steps only: escaped trajectories dropped every {compact} steps"),
        "gamma": p.gamma, "Q": p.q0, "barrierKT": p.barrier_kT, "dt": p.dt, "theta": p.theta,
        "seed": args.seed, "block": args.block,
        "timing": "time.perf_counter around initial sampling + all steps (imports excluded)",
    }
    result.update(gc.summarise(p, esc_steps, steps))
    if mode == "rate":
        ref = gc.reference_rates(p.gamma, p.q0, p.barrier_kT)
        result["reference"] = ref
        result["rateOverMM"] = result["rate"] / ref["melnikovMeshkov"]
    result["env"] = gc.env_info()
    gc.emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
