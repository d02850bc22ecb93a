// gjf_escape.cu -- hand-written CUDA peer for washboard.
//
// Model (physics.md sec. 1):  phi'' + phi'/Q0 + sin(phi) - gamma = xi,  <xi xi> = (2 theta/Q0) delta.
// Integrator (sec. 2): Groenbech-Jensen--Farago, one force evaluation per step:
//   phi_{n+1} = phi_n + b dt v_n + (b dt^2/2) f_n + (b dt/2) beta_n
//   v_{n+1}   = a v_n + (dt/2)(a f_n + f_{n+1}) + b beta_n,     beta_n ~ N(0, 2 theta dt/Q0)
// Escape (sec. 6): first arrival at phi >= arcsin(gamma) + 2 pi; the step index is recorded as an
// integer and the thread stops integrating that trajectory.
//
// One thread per trajectory, state in registers. Noise: Philox4x32-10 written out below, keyed by
// (trajectory index, seed), counter = step block (steps 4j..4j+3 use counter j): one Philox call
// gives 4 uint32 -> 4 uniforms in (0,1) -> 2 Box-Muller pairs -> 4 normals = 4 steps. A
// trajectory's noise therefore does not depend on how the run is split into launches.
//
// Build:  nvcc -O3 -arch=sm_90 -o gjf_escape gjf_escape.cu
// Run:    ./gjf_escape --trajectories 1048576 --steps 2000 --json
//         ./gjf_escape --max-time 2000 --trajectories 65536 --json     (rate mode)
//         ./gjf_escape --selftest                                      (Philox KAT etc.)
//         ./gjf_escape --host ...    same integration code on the CPU (no GPU needed; slow)
// Exit status: 0 ok, 1 check failed, 2 bad arguments, 3 no CUDA device (skip).

#include <cuda_runtime.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

// ------------------------------------------------------------------------------------------
// Philox4x32-10 (Salmon et al., SC'11). Round: (c0,c1,c2,c3) ->
//   (hi(M1*c2) ^ c1 ^ k0, lo(M1*c2), hi(M0*c0) ^ c3 ^ k1, lo(M0*c0)); key bumped between rounds.
// ------------------------------------------------------------------------------------------
struct P4 {
  uint32_t v[4];
};

__host__ __device__ inline void mul_hi_lo(uint32_t a, uint32_t b, uint32_t& hi, uint32_t& lo) {
#ifdef __CUDA_ARCH__
  lo = a * b;
  hi = __umulhi(a, b);
#else
  const uint64_t p = static_cast<uint64_t>(a) * static_cast<uint64_t>(b);
  lo = static_cast<uint32_t>(p);
  hi = static_cast<uint32_t>(p >> 32);
#endif
}

__host__ __device__ inline P4 philox4x32_10(P4 c, uint32_t k0, uint32_t k1) {
  const uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u;
  const uint32_t W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
#pragma unroll
  for (int r = 0; r < 10; ++r) {
    uint32_t hi0, lo0, hi1, lo1;
    mul_hi_lo(M0, c.v[0], hi0, lo0);
    mul_hi_lo(M1, c.v[2], hi1, lo1);
    P4 n;
    n.v[0] = hi1 ^ c.v[1] ^ k0;
    n.v[1] = lo1;
    n.v[2] = hi0 ^ c.v[3] ^ k1;
    n.v[3] = lo0;
    c = n;
    k0 += W0;
    k1 += W1;
  }
  return c;
}

// Uniform in the open interval (0,1): (2k+1)/2^24 with k the top 23 bits; every value is exact in
// float32, the smallest is 2^-24, the largest 1 - 2^-24, so log() never sees 0.
__host__ __device__ inline float uniform_open(uint32_t x) {
  return static_cast<float>(((x >> 9) << 1) | 1u) * (1.0f / 16777216.0f);
}

// Box-Muller, both outputs used. Device: accurate logf and sincospif; host: libm.
__host__ __device__ inline void box_muller(uint32_t a, uint32_t b, float& z0, float& z1) {
  const float u1 = uniform_open(a);
  const float u2 = uniform_open(b);
  const float r = sqrtf(-2.0f * logf(u1));
  float s, c;
#ifdef __CUDA_ARCH__
  sincospif(2.0f * u2, &s, &c);
#else
  const double ang = 6.283185307179586 * static_cast<double>(u2);
  s = static_cast<float>(std::sin(ang));
  c = static_cast<float>(std::cos(ang));
#endif
  z0 = r * c;
  z1 = r * s;
}

// ------------------------------------------------------------------------------------------
// Parameters (computed in double on the host, used in float32)
// ------------------------------------------------------------------------------------------
struct Cfg {
  int n;            // trajectories
  uint32_t seed;    // Philox key word 1
  float gamma;      // bias
  float c_v;        // b dt
  float c_f;        // b dt^2 / 2
  float c_beta;     // b dt / 2
  float a;          // (1 - dt/2Q0) b
  float half_dt;    // dt / 2
  float b;          // 1 / (1 + dt/2Q0)
  float sigma;      // sqrt(2 theta dt / Q0)
  float thr;        // phi_min + 2 pi
  float phi_min;    // arcsin gamma
  float sd_phi0;    // sqrt(theta / sqrt(1 - gamma^2))
  float sd_v0;      // sqrt(theta)
};

template <bool FAST>
__host__ __device__ inline float force(float gamma, float phi) {
#ifdef __CUDA_ARCH__
  return gamma - (FAST ? __sinf(phi) : sinf(phi));
#else
  return gamma - std::sin(phi);
#endif
}

// Thermal sample of the harmonic well, from counter (0, 0, 1, 0) (the step counters have c2 = 0).
__host__ __device__ inline void initial_state(const Cfg& c, uint32_t i, float& phi, float& v, int& esc) {
  P4 ctr = {{0u, 0u, 1u, 0u}};
  const P4 r = philox4x32_10(ctr, i, c.seed);
  float z0, z1;
  box_muller(r.v[0], r.v[1], z0, z1);
  phi = c.phi_min + c.sd_phi0 * z0;
  v = c.sd_v0 * z1;
  esc = (phi >= c.thr) ? 0 : -1;
}

// Integrates trajectory i from global step s0 (a multiple of 4) for up to n steps. Steps are
// numbered 1, 2, ...: the step that takes phi_k to phi_{k+1} is step k+1, and an escape at
// step K means phi_K >= thr (escape time K dt).
template <bool FAST>
__host__ __device__ inline void integrate(const Cfg& c, uint32_t i, float& phi_io, float& v_io, int& esc_io,
                                          long long s0, int n) {
  float phi = phi_io, v = v_io;
  float f = force<FAST>(c.gamma, phi);
  long long s = s0;
  const long long end = s0 + n;
  while (s < end) {
    const unsigned long long blk = static_cast<unsigned long long>(s) >> 2;
    P4 ctr = {{static_cast<uint32_t>(blk), static_cast<uint32_t>(blk >> 32), 0u, 0u}};
    const P4 r = philox4x32_10(ctr, i, c.seed);
    float z[4];
    box_muller(r.v[0], r.v[1], z[0], z[1]);
    box_muller(r.v[2], r.v[3], z[2], z[3]);
    const int m = (end - s < 4) ? static_cast<int>(end - s) : 4;
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      if (j < m) {
        const float beta = c.sigma * z[j];
        phi = phi + c.c_v * v + c.c_f * f + c.c_beta * beta;
        const float fn = force<FAST>(c.gamma, phi);
        v = c.a * v + c.half_dt * (c.a * f + fn) + c.b * beta;
        f = fn;
        ++s;
        if (phi >= c.thr) {
          phi_io = phi;
          v_io = v;
          esc_io = static_cast<int>(s);
          return;
        }
      }
    }
  }
  phi_io = phi;
  v_io = v;
}

__global__ void init_kernel(Cfg c, float* __restrict__ phi, float* __restrict__ v, int* __restrict__ esc) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= c.n) return;
  float p, w;
  int e;
  initial_state(c, static_cast<uint32_t>(i), p, w, e);
  phi[i] = p;
  v[i] = w;
  esc[i] = e;
}

template <bool FAST>
__global__ void step_kernel(Cfg c, float* __restrict__ phi, float* __restrict__ v, int* __restrict__ esc,
                            long long s0, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= c.n) return;
  int e = esc[i];
  if (e >= 0) return;  // escaped: stops changing and is not integrated any more
  float p = phi[i], w = v[i];
  integrate<FAST>(c, static_cast<uint32_t>(i), p, w, e, s0, n);
  phi[i] = p;
  v[i] = w;
  esc[i] = e;
}

__global__ void philox_kat_kernel(const uint32_t* in, uint32_t* out, int count) {
  const int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= count) return;
  P4 c = {{in[6 * t], in[6 * t + 1], in[6 * t + 2], in[6 * t + 3]}};
  const P4 r = philox4x32_10(c, in[6 * t + 4], in[6 * t + 5]);
  for (int j = 0; j < 4; ++j) out[4 * t + j] = r.v[j];
}

// ------------------------------------------------------------------------------------------
// Host side
// ------------------------------------------------------------------------------------------
struct Args {
  double gamma = 0.9, Q = 10.0, barrier_kT = 6.0, dt = 0.05;
  long long trajectories = 65536;
  long long steps = -1;      // throughput mode
  double max_time = -1.0;    // rate mode
  uint32_t seed = 1;
  bool json = false, fast_sin = false, selftest = false, host = false, quiet = false;
  int block_size = 256;
  int steps_per_launch = 4096;
};

static void usage(FILE* f) {
  std::fprintf(f,
               "usage: gjf_escape [--gamma G] [--Q Q0] [--barrier-kT B] [--dt DT] [--trajectories N]\n"
               "                  [--steps S | --max-time T] [--seed K] [--json] [--fast-sin]\n"
               "                  [--block-size 256] [--steps-per-launch 4096] [--host] [--quiet] [--selftest]\n"
               "  --steps S       throughput mode: exactly S steps (default mode, S = 2000)\n"
               "  --max-time T    rate mode: run to time T (1/omega_p0), censored-MLE rate\n"
               "  --fast-sin      force with __sinf (fast, less accurate); default: accurate sinf\n"
               "  --host          run the same integration code on the CPU, single thread (no GPU needed)\n"
               "  --selftest      Philox4x32-10 known-answer tests (host, and device if present), Box-Muller\n"
               "                  moments, launch-split invariance\n"
               "exit status: 0 ok, 1 check failed, 2 bad arguments, 3 no CUDA device\n");
}

static bool parse(int argc, char** argv, Args& a) {
  for (int k = 1; k < argc; ++k) {
    std::string s = argv[k];
    auto need = [&](const char* name) -> const char* {
      if (k + 1 >= argc) {
        std::fprintf(stderr, "gjf_escape: %s needs a value\n", name);
        std::exit(2);
      }
      return argv[++k];
    };
    if (s == "--gamma") a.gamma = std::atof(need("--gamma"));
    else if (s == "--Q") a.Q = std::atof(need("--Q"));
    else if (s == "--barrier-kT") a.barrier_kT = std::atof(need("--barrier-kT"));
    else if (s == "--dt") a.dt = std::atof(need("--dt"));
    else if (s == "--trajectories") a.trajectories = std::atoll(need("--trajectories"));
    else if (s == "--steps") a.steps = std::atoll(need("--steps"));
    else if (s == "--max-time") a.max_time = std::atof(need("--max-time"));
    else if (s == "--seed") a.seed = static_cast<uint32_t>(std::strtoul(need("--seed"), nullptr, 10));
    else if (s == "--block-size") a.block_size = std::atoi(need("--block-size"));
    else if (s == "--steps-per-launch") a.steps_per_launch = std::atoi(need("--steps-per-launch"));
    else if (s == "--json") a.json = true;
    else if (s == "--fast-sin") a.fast_sin = true;
    else if (s == "--selftest") a.selftest = true;
    else if (s == "--host") a.host = true;
    else if (s == "--quiet") a.quiet = true;
    else if (s == "--help" || s == "-h") {
      usage(stdout);
      std::exit(0);
    } else {
      std::fprintf(stderr, "gjf_escape: unknown argument %s\n", s.c_str());
      usage(stderr);
      return false;
    }
  }
  if (!(a.gamma >= 0.0 && a.gamma < 1.0) || a.Q <= 0 || a.barrier_kT <= 0 || a.dt <= 0 || a.trajectories <= 0 ||
      a.trajectories > 2147483647LL || a.block_size <= 0 || a.block_size > 1024 || a.steps_per_launch < 4) {
    std::fprintf(stderr, "gjf_escape: parameter out of range\n");
    return false;
  }
  if (a.steps > 0 && a.max_time > 0) {
    std::fprintf(stderr, "gjf_escape: give --steps or --max-time, not both\n");
    return false;
  }
  a.steps_per_launch -= a.steps_per_launch % 4;  // launches start on a Philox block boundary
  return true;
}

static double theta_of(double g, double bkT) {
  return 2.0 * (std::sqrt(1.0 - g * g) - g * std::acos(g)) / bkT;
}

static Cfg make_cfg(const Args& a, double& theta) {
  theta = theta_of(a.gamma, a.barrier_kT);
  const double b = 1.0 / (1.0 + a.dt / (2.0 * a.Q));
  const double av = (1.0 - a.dt / (2.0 * a.Q)) * b;
  const double phi_min = std::asin(a.gamma);
  Cfg c;
  c.n = static_cast<int>(a.trajectories);
  c.seed = a.seed;
  c.gamma = static_cast<float>(a.gamma);
  c.c_v = static_cast<float>(b * a.dt);
  c.c_f = static_cast<float>(b * a.dt * a.dt / 2.0);
  c.c_beta = static_cast<float>(b * a.dt / 2.0);
  c.a = static_cast<float>(av);
  c.half_dt = static_cast<float>(a.dt / 2.0);
  c.b = static_cast<float>(b);
  c.sigma = static_cast<float>(std::sqrt(2.0 * theta * a.dt / a.Q));
  c.thr = static_cast<float>(phi_min + 2.0 * M_PI);
  c.phi_min = static_cast<float>(phi_min);
  c.sd_phi0 = static_cast<float>(std::sqrt(theta / std::sqrt(1.0 - a.gamma * a.gamma)));
  c.sd_v0 = static_cast<float>(std::sqrt(theta));
  return c;
}

#define CUDA_OK(call)                                                                              \
  do {                                                                                             \
    cudaError_t err_ = (call);                                                                     \
    if (err_ != cudaSuccess) {                                                                     \
      std::fprintf(stderr, "gjf_escape: CUDA error %s at %s:%d: %s\n", cudaGetErrorName(err_),     \
                   __FILE__, __LINE__, cudaGetErrorString(err_));                                  \
      std::exit(1);                                                                                \
    }                                                                                              \
  } while (0)

static bool have_device(std::string& name) {
  int count = 0;
  cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess || count == 0) {
    name = (e != cudaSuccess) ? cudaGetErrorString(e) : "no CUDA device";
    return false;
  }
  cudaDeviceProp prop;
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) return false;
  name = prop.name;
  return true;
}

// ---- self-test ------------------------------------------------------------------------------
static const uint32_t KAT[3][10] = {
    // counter[4], key[2], expected[4]  (Random123 kat_vectors, philox4x32_10)
    {0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u},
    {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu,
     0xa20bc7c6u, 0x6d5451fdu},
    {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu,
     0x5001e420u, 0x24126ea1u},
};

static int selftest(const Args& a) {
  int fails = 0;
  // 1. Philox KAT on the host
  for (int t = 0; t < 3; ++t) {
    P4 c = {{KAT[t][0], KAT[t][1], KAT[t][2], KAT[t][3]}};
    P4 r = philox4x32_10(c, KAT[t][4], KAT[t][5]);
    bool ok = true;
    for (int j = 0; j < 4; ++j) ok = ok && (r.v[j] == KAT[t][6 + j]);
    std::printf("philox4x32-10 KAT %d (host):   %08x %08x %08x %08x  %s\n", t, r.v[0], r.v[1], r.v[2], r.v[3],
                ok ? "ok" : "FAIL");
    fails += !ok;
  }
  // 2. Philox KAT on the device, if one is present
  std::string dev;
  if (have_device(dev)) {
    uint32_t in[18], out[12];
    for (int t = 0; t < 3; ++t)
      for (int j = 0; j < 6; ++j) in[6 * t + j] = KAT[t][j];
    uint32_t *din, *dout;
    CUDA_OK(cudaMalloc(&din, sizeof in));
    CUDA_OK(cudaMalloc(&dout, sizeof out));
    CUDA_OK(cudaMemcpy(din, in, sizeof in, cudaMemcpyHostToDevice));
    philox_kat_kernel<<<1, 32>>>(din, dout, 3);
    CUDA_OK(cudaGetLastError());
    CUDA_OK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    cudaFree(din);
    cudaFree(dout);
    for (int t = 0; t < 3; ++t) {
      bool ok = true;
      for (int j = 0; j < 4; ++j) ok = ok && (out[4 * t + j] == KAT[t][6 + j]);
      std::printf("philox4x32-10 KAT %d (device): %08x %08x %08x %08x  %s\n", t, out[4 * t], out[4 * t + 1],
                  out[4 * t + 2], out[4 * t + 3], ok ? "ok" : "FAIL");
      fails += !ok;
    }
  } else {
    std::printf("philox4x32-10 KAT (device): skipped (%s)\n", dev.c_str());
  }
  // 3. Box-Muller moments from the step stream of a few trajectories (host)
  {
    double s1 = 0, s2 = 0, s4 = 0;
    long long cnt = 0;
    float zmin = 1e30f, zmax = -1e30f;
    for (uint32_t i = 0; i < 64; ++i)
      for (uint32_t blk = 0; blk < 16384; ++blk) {
        P4 c = {{blk, 0u, 0u, 0u}};
        P4 r = philox4x32_10(c, i, a.seed);
        float z[4];
        box_muller(r.v[0], r.v[1], z[0], z[1]);
        box_muller(r.v[2], r.v[3], z[2], z[3]);
        for (float x : z) {
          s1 += x;
          s2 += double(x) * x;
          s4 += double(x) * x * x * x;
          zmin = std::fmin(zmin, x);
          zmax = std::fmax(zmax, x);
          ++cnt;
        }
      }
    const double mean = s1 / cnt, var = s2 / cnt - mean * mean, kurt = s4 / cnt;
    // tolerances: ~6 standard errors for cnt = 4.2M normals
    const bool ok = std::fabs(mean) < 6.0 / std::sqrt(double(cnt)) && std::fabs(var - 1.0) < 6.0 * std::sqrt(2.0 / cnt) &&
                    std::fabs(kurt - 3.0) < 6.0 * std::sqrt(96.0 / cnt) && std::isfinite(zmin) && std::isfinite(zmax);
    std::printf("box-muller normals (host, %lld): mean %.2e var %.5f <z^4> %.4f min %.3f max %.3f  %s\n", cnt, mean,
                var, kurt, zmin, zmax, ok ? "ok" : "FAIL");
    fails += !ok;
  }
  // 4. The split into launches does not change a trajectory (host, same code as the kernel)
  {
    Args b = a;
    b.barrier_kT = 6.0;
    double theta;
    Cfg c = make_cfg(b, theta);
    const long long S = 20000;
    bool ok = true;
    int escaped = 0;
    for (uint32_t i = 0; i < 256 && ok; ++i) {
      float p1, v1, p2, v2;
      int e1, e2;
      initial_state(c, i, p1, v1, e1);
      p2 = p1; v2 = v1; e2 = e1;
      for (long long s = 0; s < S && e1 < 0; s += 4096) integrate<false>(c, i, p1, v1, e1, s, (int)std::min(4096LL, S - s));
      for (long long s = 0; s < S && e2 < 0; s += 36) integrate<false>(c, i, p2, v2, e2, s, (int)std::min(36LL, S - s));
      ok = (e1 == e2) && (p1 == p2) && (v1 == v2);
      escaped += (e1 >= 0);
    }
    std::printf("launch-split invariance (host, 256 traj x 20000 steps, chunks 4096 vs 36; %d escaped): %s\n", escaped,
                ok ? "ok" : "FAIL");
    fails += !ok;
  }
  std::printf("selftest: %s\n", fails ? "FAIL" : "pass");
  return fails ? 1 : 0;
}

// ---- benchmark / rate run ------------------------------------------------------------------------
int main(int argc, char** argv) {
  Args a;
  if (!parse(argc, argv, a)) return 2;
  if (a.selftest) return selftest(a);

  const bool rate_mode = a.max_time > 0;
  const long long S = rate_mode ? llround(a.max_time / a.dt) : (a.steps > 0 ? a.steps : 2000);
  if (S <= 0 || S > 2147483647LL) {
    std::fprintf(stderr, "gjf_escape: number of steps out of range (escape steps are int32)\n");
    return 2;
  }
  double theta;
  const Cfg c = make_cfg(a, theta);
  const int n = c.n;
  std::vector<int> esc(n);
  double seconds = 0.0;
  std::string device;
  std::string timing;

  if (a.host) {
    device = "CPU host path of gjf_escape.cu (single thread)";
    timing = "std::chrono::steady_clock around initial sampling + all steps";
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
      float p, w;
      int e;
      initial_state(c, static_cast<uint32_t>(i), p, w, e);
      for (long long s = 0; s < S && e < 0; s += a.steps_per_launch) {
        const int len = static_cast<int>(std::min<long long>(a.steps_per_launch, S - s));
        if (a.fast_sin) integrate<true>(c, static_cast<uint32_t>(i), p, w, e, s, len);
        else integrate<false>(c, static_cast<uint32_t>(i), p, w, e, s, len);
      }
      esc[i] = e;
    }
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  } else {
    if (!have_device(device)) {
      std::fprintf(stderr, "gjf_escape: skipped: no usable CUDA device (%s)\n", device.c_str());
      return 3;
    }
    timing = "cudaEvent around the init kernel + all step launches, after a warm-up launch";
    float *d_phi, *d_v;
    int* d_esc;
    CUDA_OK(cudaMalloc(&d_phi, sizeof(float) * n));
    CUDA_OK(cudaMalloc(&d_v, sizeof(float) * n));
    CUDA_OK(cudaMalloc(&d_esc, sizeof(int) * n));
    const int threads = a.block_size;
    const int blocks = (n + threads - 1) / threads;
    auto launch = [&](long long s0, int len) {
      if (a.fast_sin) step_kernel<true><<<blocks, threads>>>(c, d_phi, d_v, d_esc, s0, len);
      else step_kernel<false><<<blocks, threads>>>(c, d_phi, d_v, d_esc, s0, len);
    };
    // warm-up (module load, clocks), not timed
    init_kernel<<<blocks, threads>>>(c, d_phi, d_v, d_esc);
    launch(0, 4);
    CUDA_OK(cudaGetLastError());
    CUDA_OK(cudaDeviceSynchronize());
    cudaEvent_t e0, e1;
    CUDA_OK(cudaEventCreate(&e0));
    CUDA_OK(cudaEventCreate(&e1));
    CUDA_OK(cudaEventRecord(e0));
    init_kernel<<<blocks, threads>>>(c, d_phi, d_v, d_esc);
    long long launches = 0;
    for (long long s = 0; s < S; s += a.steps_per_launch) {
      launch(s, static_cast<int>(std::min<long long>(a.steps_per_launch, S - s)));
      ++launches;
    }
    CUDA_OK(cudaGetLastError());
    CUDA_OK(cudaEventRecord(e1));
    CUDA_OK(cudaEventSynchronize(e1));
    float ms = 0.f;
    CUDA_OK(cudaEventElapsedTime(&ms, e0, e1));
    seconds = ms * 1e-3;
    CUDA_OK(cudaMemcpy(esc.data(), d_esc, sizeof(int) * n, cudaMemcpyDeviceToHost));
    cudaFree(d_phi);
    cudaFree(d_v);
    cudaFree(d_esc);
    if (!a.quiet) std::fprintf(stderr, "gjf_escape: %lld launches of <= %d steps\n", launches, a.steps_per_launch);
  }

  // censored MLE, sums in 64-bit integers / double on the host
  long long n_esc = 0, exposure_steps = 0;
  for (int i = 0; i < n; ++i) {
    if (esc[i] >= 0) {
      ++n_esc;
      exposure_steps += esc[i];
    } else {
      exposure_steps += S;
    }
  }
  const double exposure = static_cast<double>(exposure_steps) * a.dt;
  const double rate = n_esc / exposure;
  const double rel = n_esc > 0 ? 1.0 / std::sqrt(static_cast<double>(n_esc)) : -1.0;
  // A thread stops at its escape step, so the steps integrated are exactly the exposure in steps.
  const long long integrated = exposure_steps;
  const double nominal = static_cast<double>(n) * static_cast<double>(S);
  const char* peer = a.host ? "cuda-host" : "cuda";
  char rel_text[32];
  if (n_esc > 0) std::snprintf(rel_text, sizeof rel_text, "%.9g", rel);
  else std::snprintf(rel_text, sizeof rel_text, "null");
  if (a.json) {
    std::printf(
        "{\"peer\": \"%s\", \"mode\": \"%s\", \"device\": \"%s\", \"dtype\": \"float32\", "
        "\"rng\": \"hand-written Philox4x32-10, key (trajectory, seed), counter = step/4; Box-Muller (logf, sincospif)\", "
        "\"sin\": \"%s\", \"trajectories\": %d, \"steps\": %lld, \"seconds\": %.9g, \"trajectorySteps\": %lld, "
        "\"stepsPerSecond\": %.9g, \"nominalStepsPerSecond\": %.9g, "
        "\"counting\": \"integrated steps only: a thread stops at its escape step (trajectorySteps = exposure in steps)\", "
        "\"gamma\": %.17g, \"Q\": %.17g, \"barrierKT\": %.17g, \"dt\": %.17g, \"theta\": %.17g, \"seed\": %u, "
        "\"blockSize\": %d, \"stepsPerLaunch\": %d, \"timing\": \"%s\", "
        "\"escaped\": %lld, \"exposure\": %.17g, \"exposureSteps\": %lld, \"rate\": %.17g, \"relativeError\": %s}\n",
        peer, rate_mode ? "rate" : "throughput", device.c_str(),
        a.fast_sin ? "__sinf (fast intrinsic)" : "sinf (accurate)", n, S, seconds, integrated, integrated / seconds,
        nominal / seconds, a.gamma, a.Q, a.barrier_kT, a.dt, theta, a.seed, a.block_size, a.steps_per_launch,
        timing.c_str(), n_esc, exposure, exposure_steps, rate,
        rel_text);
  } else {
    std::printf("%s [float32, %s, %s] %s: %d traj x %lld steps in %.4f s = %.4g integrated trajectory-steps/s "
                "(%.4g nominal)\n",
                peer, device.c_str(), a.fast_sin ? "__sinf" : "sinf", rate_mode ? "rate" : "throughput", n, S, seconds,
                integrated / seconds, nominal / seconds);
    std::printf("  escaped %lld, exposure %.6g, rate %.5g /omega_p0, 1/sqrt(N_esc) = %.3g\n", n_esc, exposure, rate,
                rel);
  }
  return 0;
}
