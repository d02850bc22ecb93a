"""Shared pieces of the Python benchmark peers (numpy_gjf.py, cupy_gjf.py).

Everything here follows /work/shared/physics.md (the project's physics contract):
  model      phi'' + phi'/Q0 + sin(phi) - gamma = xi,  <xi xi> = (2 theta/Q0) delta      (sec. 1)
  integrator Groenbech-Jensen--Farago (GJF), one force evaluation per step                 (sec. 2)
  escape     first arrival at phi >= arcsin(gamma) + 2 pi, recorded as an integer step     (sec. 6)
  estimator  censored MLE  rate = N_esc / sum_i t_i                                         (sec. 6)

The vectorised loop is written once against an array module `xp` (numpy or cupy), so the
CuPy peer runs exactly the arithmetic the NumPy peer runs (and that is tested here, on a CPU).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from dataclasses import dataclass, field

import numpy as np

# --------------------------------------------------------------------------------------------
# Physics helpers (float64, host side)
# --------------------------------------------------------------------------------------------


def barrier_over_ej(gamma: float) -> float:
    """Exact barrier Delta U / E_J = 2[sqrt(1-gamma^2) - gamma arccos(gamma)] (physics.md sec. 3)."""
    return 2.0 * (math.sqrt(1.0 - gamma * gamma) - gamma * math.acos(gamma))


def theta_from_barrier(gamma: float, barrier_kT: float) -> float:
    """theta = k_B T / E_J from Delta U / k_B T."""
    return barrier_over_ej(gamma) / barrier_kT


def potential(phi, gamma):
    """u(phi) = -cos(phi) - gamma phi, in units of E_J."""
    return -np.cos(phi) - gamma * phi


def action_at_barrier(gamma: float) -> float:
    """S~(gamma) = 2 int_{phi_t}^{phi_max} sqrt(2[u(phi_max) - u(phi)]) dphi (physics.md sec. 3).

    phi_t < phi_min is the other turning point, found by bisection. The substitution
    phi = phi_t + L w^2 removes the square-root endpoint at phi_t; Gauss-Legendre does the rest.
    """
    phi_min = math.asin(gamma)
    phi_max = math.pi - phi_min
    u_max = -math.cos(phi_max) - gamma * phi_max
    lo, hi = phi_max - 2.0 * math.pi, phi_min  # u decreases on (lo, hi); u(lo) >= u_max >= u(hi)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if -math.cos(mid) - gamma * mid > u_max:
            lo = mid
        else:
            hi = mid
    phi_t = 0.5 * (lo + hi)
    length = phi_max - phi_t
    x, w = np.polynomial.legendre.leggauss(400)
    ww = 0.5 * (x + 1.0)  # w in [0, 1]
    phi = phi_t + length * ww * ww
    integrand = np.sqrt(np.maximum(2.0 * (u_max - potential(phi, gamma)), 0.0)) * 2.0 * length * ww
    return float(2.0 * 0.5 * np.sum(w * integrand))


def a_mm(delta: float) -> float:
    """Mel'nikov--Meshkov depopulation factor A_MM(Delta) (physics.md sec. 4)."""
    y_max = math.sqrt(max(80.0 / delta - 0.25, 0.0)) + 1.0
    y = np.linspace(0.0, y_max, 400001)
    s = y * y + 0.25
    f = np.log(-np.expm1(-delta * s)) / s
    h = y[1] - y[0]
    integral = h / 3.0 * (f[0] + f[-1] + 4.0 * np.sum(f[1:-1:2]) + 2.0 * np.sum(f[2:-1:2]))
    return float(math.exp(integral / math.pi))


def reference_rates(gamma: float, q0: float, barrier_kT: float) -> dict:
    """TST, Kramers and Mel'nikov--Meshkov rates Gamma/omega_p0 (physics.md sec. 3-4)."""
    theta = theta_from_barrier(gamma, barrier_kT)
    wp = (1.0 - gamma * gamma) ** 0.25  # omega_p / omega_p0
    q = q0 * wp
    kappa = math.sqrt(1.0 + 1.0 / (4.0 * q * q)) - 1.0 / (2.0 * q)
    tst = wp / (2.0 * math.pi) * math.exp(-barrier_kT)
    s_tilde = action_at_barrier(gamma)
    delta = s_tilde / (q0 * theta)
    amm = a_mm(delta)
    return {
        "tst": tst,
        "kramers": kappa * tst,
        "melnikovMeshkov": kappa * amm * tst,
        "kappa": kappa,
        "actionS": s_tilde,
        "Delta": delta,
        "A_MM": amm,
    }


def equilibrium_phi_variance(gamma: float, theta: float) -> float:
    """Exact <(phi - phi_min)^2> under exp(-u/theta) over one well [phi_max - 2 pi, phi_max]."""
    phi_min = math.asin(gamma)
    phi_max = math.pi - phi_min
    phi = np.linspace(phi_max - 2.0 * math.pi, phi_max, 400001)
    u = potential(phi, gamma) - (-math.cos(phi_min) - gamma * phi_min)
    w = np.exp(-u / theta)
    d2 = (phi - phi_min) ** 2
    return float(np.trapezoid(d2 * w, phi) / np.trapezoid(w, phi)) if hasattr(np, "trapezoid") else float(
        np.trapz(d2 * w, phi) / np.trapz(w, phi)
    )


# --------------------------------------------------------------------------------------------
# Exact Poisson interval for N_esc (chi-square / Garwood), no SciPy needed
# --------------------------------------------------------------------------------------------


def _gammainc_upper_regularized(a: float, x: float) -> float:
    """Q(a, x) = Gamma(a, x) / Gamma(a): series for x < a + 1, continued fraction otherwise."""
    if x <= 0.0:
        return 1.0
    log_pre = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1.0:
        term = total = 1.0 / a
        ap = a
        for _ in range(100000):
            ap += 1.0
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return max(0.0, 1.0 - total * math.exp(log_pre))
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 100000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return math.exp(log_pre) * h


def poisson_interval(n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact two-sided interval for a Poisson mean given n counts (Garwood)."""
    alpha = 1.0 - confidence

    def p_le(k: int, mu: float) -> float:  # P(X <= k | mu) = Q(k + 1, mu)
        return _gammainc_upper_regularized(k + 1.0, mu)

    def solve(target, k, increasing):
        lo, hi = 0.0, max(10.0, 2.0 * k + 20.0 * math.sqrt(k + 1.0))
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            val = p_le(k, mid)
            if (val > target) == increasing:
                hi = mid
            else:
                lo = mid
        return 0.5 * (lo + hi)

    lower = 0.0 if n == 0 else solve(1.0 - alpha / 2.0, n - 1, increasing=False)
    upper = solve(alpha / 2.0, n, increasing=False)
    return lower, upper


# --------------------------------------------------------------------------------------------
# Parameters and the vectorised GJF ensemble
# --------------------------------------------------------------------------------------------


@dataclass
class Params:
    gamma: float = 0.9
    q0: float = 10.0
    barrier_kT: float = 6.0
    dt: float = 0.05
    theta: float = field(init=False)
    phi_min: float = field(init=False)
    threshold: float = field(init=False)

    def __post_init__(self):
        if not 0.0 <= self.gamma < 1.0:
            raise ValueError("--gamma must be in [0, 1)")
        if self.q0 <= 0 or self.barrier_kT <= 0 or self.dt <= 0:
            raise ValueError("--Q, --barrier-kT and --dt must be positive")
        self.theta = theta_from_barrier(self.gamma, self.barrier_kT)
        self.phi_min = math.asin(self.gamma)
        self.threshold = self.phi_min + 2.0 * math.pi


class Ensemble:
    """A block of trajectories integrated together with GJF, in dtype on array module xp.

    normal(out) must fill `out` with standard normals of the array's dtype.

    sync_free=False (NumPy): the escape check is a comparison plus a count, and the rare
        newly escaped trajectories are handled with fancy indexing (host reads the count
        every step, which costs nothing on a CPU).
    sync_free=True (CuPy): no value is read back to the host inside a step; a 0/1 mask m and
        an integer counter of active steps do the bookkeeping. Both variants give bitwise the
        same trajectories and escape steps for the same normals (checked by --selfcheck).

    An escaped trajectory is frozen exactly: its v, force and noise amplitude are zeroed, so
    phi stays where it first reached the threshold. Frozen trajectories are still integrated
    (they cost the same arithmetic) until compact() removes them.
    """

    def __init__(self, xp, n: int, p: Params, dtype, normal, sync_free: bool):
        self.xp, self.n, self.p, self.normal, self.sync_free = xp, n, p, normal, sync_free
        dt_ = np.dtype(dtype)
        self.dtype = dt_
        s = dt_.type
        b = 1.0 / (1.0 + p.dt / (2.0 * p.q0))
        a = (1.0 - p.dt / (2.0 * p.q0)) * b
        self.c_v = s(b * p.dt)  # b dt          (times v_n)
        self.c_f = s(b * p.dt * p.dt / 2.0)  # b dt^2 / 2  (times f_n)
        self.c_beta_phi = s(b * p.dt / 2.0)  # b dt / 2    (times beta_n)
        self.a = s(a)
        self.half_dt = s(p.dt / 2.0)
        self.b = s(b)
        self.sigma = s(math.sqrt(2.0 * p.theta * p.dt / p.q0))
        self.gamma = s(p.gamma)
        self.thr = s(p.threshold)
        self.ids = xp.arange(n, dtype=xp.int64)  # original index within the block

        # thermal sample of the harmonic well: phi ~ N(phi_min, theta/sqrt(1-g^2)), v ~ N(0, theta)
        self.phi = xp.empty(n, dtype=dt_)
        self.v = xp.empty(n, dtype=dt_)
        normal(self.phi)
        normal(self.v)
        self.phi *= s(math.sqrt(p.theta / math.sqrt(1.0 - p.gamma ** 2)))
        self.phi += s(p.phi_min)
        self.v *= s(math.sqrt(p.theta))
        self.f = xp.empty(n, dtype=dt_)
        xp.sin(self.phi, out=self.f)
        xp.subtract(self.gamma, self.f, out=self.f)
        self.fn = xp.empty(n, dtype=dt_)
        self.z = xp.empty(n, dtype=dt_)
        self.t1 = xp.empty(n, dtype=dt_)
        self.t2 = xp.empty(n, dtype=dt_)
        self.k = 0  # steps taken by this block (the integer clock)
        # escape bookkeeping
        self.esc = xp.full(n, -1, dtype=xp.int64)  # sync_free=False: escape step or -1
        self.n_frozen = 0
        self.sig = xp.full(n, self.sigma, dtype=dt_)  # per-trajectory noise amplitude
        self.m = xp.ones(n, dtype=dt_)  # 1 active, 0 escaped
        self.act = xp.ones(n, dtype=bool)
        self.cnt = xp.zeros(n, dtype=xp.int64)  # sync_free=True: steps ended still active
        self.ge = xp.empty(n, dtype=bool)
        # results of trajectories removed by compact(): (ids, escape step)
        self.done_ids: list = []
        self.done_steps: list = []
        # a trajectory that starts beyond the threshold (practically never) escapes at step 0
        xp.greater_equal(self.phi, self.thr, out=self.ge)
        if int(xp.count_nonzero(self.ge)):
            self._freeze_new(0)

    # -- host-synchronising escape handling (NumPy) -----------------------------------------
    def _freeze_new(self, k):
        xp = self.xp
        new = xp.flatnonzero(self.ge & (self.esc < 0))
        self.esc[new] = k
        self.sig[new] = 0
        self.m[new] = 0
        self.v[new] = 0
        self.f[new] = 0
        self.cnt[new] = k - 1  # keep both representations consistent
        self.act[new] = False
        self.n_frozen = int(xp.count_nonzero(self.esc >= 0))

    def step(self):
        xp = self.xp
        z, t1, t2, v, f, fn, phi = self.z, self.t1, self.t2, self.v, self.f, self.fn, self.phi
        self.k += 1
        k = self.k
        self.normal(z)
        if self.sync_free:
            xp.multiply(z, self.sigma, out=z)  # beta_n
        else:
            xp.multiply(z, self.sig, out=z)  # beta_n (0 for frozen trajectories)
        # phi_{n+1} = phi_n + b dt v_n + (b dt^2/2) f_n + (b dt/2) beta_n
        xp.multiply(v, self.c_v, out=t1)
        xp.multiply(f, self.c_f, out=t2)
        t1 += t2
        xp.multiply(z, self.c_beta_phi, out=t2)
        t1 += t2
        if self.sync_free:
            t1 *= self.m
        phi += t1
        if self.sync_free:
            xp.less(phi, self.thr, out=self.act)
            self.cnt += self.act
            xp.copyto(self.m, self.act)
        # f_{n+1} = gamma - sin(phi_{n+1}), the one force evaluation of the step
        xp.sin(phi, out=fn)
        xp.subtract(self.gamma, fn, out=fn)
        if self.sync_free or self.n_frozen:
            fn *= self.m
        # v_{n+1} = a v_n + (dt/2)(a f_n + f_{n+1}) + b beta_n
        v *= self.a
        xp.multiply(f, self.a, out=t1)
        t1 += fn
        t1 *= self.half_dt
        v += t1
        xp.multiply(z, self.b, out=t1)
        v += t1
        if self.sync_free:
            v *= self.m
        self.f, self.fn = fn, f
        if not self.sync_free:
            xp.greater_equal(phi, self.thr, out=self.ge)
            if int(xp.count_nonzero(self.ge)) > self.n_frozen:
                self._freeze_new(k)

    # -- results ----------------------------------------------------------------------------
    def escape_steps(self):
        """Escape step (>= 0) or -1 for every trajectory still held in the arrays."""
        xp = self.xp
        if self.sync_free:
            escaped = self.phi >= self.thr
            return xp.where(escaped, self.cnt + 1, -1)
        return self.esc

    def compact(self):
        """Drop escaped trajectories (their results are kept). Returns how many were dropped."""
        xp = self.xp
        steps = self.escape_steps()
        done = steps >= 0
        nd = int(xp.count_nonzero(done))
        if nd == 0:
            return 0
        keep = xp.flatnonzero(~done)
        gone = xp.flatnonzero(done)
        self.done_ids.append(self.ids[gone])
        self.done_steps.append(steps[gone])
        for name in ("phi", "v", "f", "fn", "z", "t1", "t2", "ids", "esc", "sig", "m", "act", "cnt", "ge"):
            setattr(self, name, getattr(self, name)[keep])
        self.n_frozen = 0
        return nd

    def results(self):
        """(ids, escape step or -1) for all n trajectories, as NumPy arrays ordered by id."""
        xp = self.xp
        ids = [self.ids] + self.done_ids
        steps = [self.escape_steps()] + self.done_steps
        ids = xp.concatenate(ids)
        steps = xp.concatenate(steps)
        order = xp.argsort(ids)
        to_np = (lambda a: a.get()) if hasattr(ids, "get") else (lambda a: a)
        return to_np(ids[order]), to_np(steps[order])

    @property
    def size(self):
        return int(self.phi.shape[0])


# --------------------------------------------------------------------------------------------
# Drivers
# --------------------------------------------------------------------------------------------


class Progress:
    def __init__(self, quiet=False, every=5.0):
        self.quiet, self.every, self.last = quiet, every, time.perf_counter()

    def __call__(self, msg, force=False):
        now = time.perf_counter()
        if not self.quiet and (force or now - self.last >= self.every):
            self.last = now
            print(msg, file=sys.stderr, flush=True)


def run_ensemble(xp, p: Params, n_total: int, steps: int, block: int, dtype, make_normal, sync_free: bool,
                 compact_every: int, sync=lambda: None, progress=None):
    """Integrate n_total trajectories for `steps` steps in blocks of `block`.

    compact_every = 0: every trajectory is integrated for every step (frozen ones too) and
    counted: trajectory_steps = n_total * steps. compact_every > 0: escaped trajectories are
    removed every `compact_every` steps, and trajectory_steps counts what was integrated.
    Returns (escape_steps ndarray int64 [-1 = survived], trajectory_steps).
    """
    all_steps = np.empty(n_total, dtype=np.int64)
    counted = 0
    start = 0
    block_index = 0
    while start < n_total:
        n = min(block, n_total - start)
        ens = Ensemble(xp, n, p, dtype, make_normal(block_index), sync_free)
        for k in range(1, steps + 1):
            counted += ens.size
            ens.step()
            if compact_every and k % compact_every == 0 and k < steps:
                ens.compact()
                if ens.size == 0:
                    break
            if progress is not None and k % 256 == 0:
                progress(f"  block {block_index} ({start}..{start + n}): step {k}/{steps}, {ens.size} held")
        _, st = ens.results()
        all_steps[start:start + n] = st
        start += n
        block_index += 1
    sync()
    return all_steps, counted


def summarise(p: Params, esc_steps: np.ndarray, steps: int) -> dict:
    """Censored MLE from integer escape steps; every sum in int64/float64 on the host."""
    escaped = esc_steps >= 0
    n_esc = int(np.count_nonzero(escaped))
    total_steps = int(esc_steps[escaped].sum(dtype=np.int64)) + (esc_steps.size - n_esc) * steps
    exposure = total_steps * p.dt
    rate = n_esc / exposure if exposure > 0 else float("nan")
    lo, hi = poisson_interval(n_esc)
    return {
        "escaped": n_esc,
        "exposure": exposure,
        "exposureSteps": total_steps,
        "rate": rate,
        "relativeError": (1.0 / math.sqrt(n_esc)) if n_esc else None,
        "rateCI95": [lo / exposure, hi / exposure],
    }


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def common_parser(prog: str, description: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog=prog, description=description)
    ap.add_argument("--gamma", type=float, default=0.9, help="bias I/I_c (default 0.9)")
    ap.add_argument("--Q", type=float, default=10.0, help="quality factor Q0 (default 10)")
    ap.add_argument("--barrier-kT", type=float, default=6.0, help="Delta U / k_B T (default 6)")
    ap.add_argument("--dt", type=float, default=0.05, help="time step in 1/omega_p0 (default 0.05)")
    ap.add_argument("--trajectories", type=int, default=65536, help="number of trajectories (default 65536)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--steps", type=int, default=None,
                      help="throughput mode: run exactly this many steps (default mode, 2000 steps)")
    mode.add_argument("--max-time", type=float, default=None,
                      help="rate mode: run to this time (units 1/omega_p0), report the censored-MLE rate")
    ap.add_argument("--seed", type=int, default=1, help="RNG seed (default 1)")
    ap.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return ap


def resolve_mode(args):
    if args.max_time is not None:
        if args.max_time <= 0:
            raise SystemExit("--max-time must be positive")
        return "rate", int(round(args.max_time / args.dt))
    steps = 2000 if args.steps is None else args.steps
    if steps <= 0:
        raise SystemExit("--steps must be positive")
    return "throughput", steps


def emit(result: dict, as_json: bool):
    if as_json:
        print(json.dumps(result))
        return
    r = result
    line = (f"{r['peer']} [{r['dtype']}, {r['device']}] {r['mode']}: {r['trajectories']} traj x {r['steps']} steps "
            f"in {r['seconds']:.3f} s = {r['stepsPerSecond']:.4g} trajectory-steps/s")
    print(line)
    if r["mode"] == "rate":
        ref = r.get("reference", {})
        ci = r["rateCI95"]
        print(f"  escaped {r['escaped']}, exposure {r['exposure']:.6g}, rate {r['rate']:.5g} /omega_p0 "
              f"(95% CI {ci[0]:.4g}..{ci[1]:.4g}, 1/sqrt(N_esc) = {r['relativeError'] or float('nan'):.3g})")
        if ref:
            print(f"  references: TST {ref['tst']:.5g}, Kramers {ref['kramers']:.5g}, "
                  f"Mel'nikov-Meshkov {ref['melnikovMeshkov']:.5g}; rate/MM = {r['rate'] / ref['melnikovMeshkov']:.4f}")


def env_info() -> dict:
    return {"python": platform.python_version(), "numpy": np.__version__, "host": platform.node(),
            "cpus": os.cpu_count()}
