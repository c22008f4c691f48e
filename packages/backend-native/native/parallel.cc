// Memory-bound loops split over helper threads (parallelFor, common.h).
//
// The fused optimizer updates stream a variable and its slots once per step: for the 512-unit MLP
// 670 k parameters, 13 MB read and written, which one core moves at 7–17 GB/s on the development
// machine's 2-vCPU Xeon — 0.8–1.9 ms a step, and two cores move it in half the time. A helper
// thread only helps if it runs on the other core, though: between products OpenBLAS's worker
// spins there (`sched_yield`), and the scheduler, seeing that core busy, wakes a helper on the
// caller's own core, where it takes turns with the caller and the split gains nothing (measured:
// 1.78 ms alone, 1.75–1.85 ms with an unpinned helper, 0.94–0.96 ms with the helper pinned to the
// other core). So each job pins its helpers to the allowed CPUs other than the caller's current
// one; a spinning OpenBLAS worker there yields to them.
#include <sched.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "common.h"

namespace kts {
namespace {

// Chunks start at multiples of 16 floats (one 64-byte line), so no two threads write one line.
constexpr size_t kChunkAlignment = 16;

class HelperPool {
 public:
  // Runs the job on up to `parts` threads when the pool is free and another CPU is allowed;
  // returns false (nothing run) otherwise. One job at a time: a second caller (another
  // worker_thread's addon instance) runs its loop alone.
  bool tryRun(size_t n, size_t parts, ParallelBody body, void* context) {
    if (busy_.exchange(true, std::memory_order_acquire)) return false;
    findOtherCpus();
    if (parts > cpus_.size() + 1) parts = cpus_.size() + 1;
    if (parts >= 2) {
      run(n, parts, body, context);
      jobs_.fetch_add(1, std::memory_order_relaxed);
    }
    busy_.store(false, std::memory_order_release);
    return parts >= 2;
  }

  // How many jobs were split so far.
  uint64_t jobs() const { return jobs_.load(std::memory_order_relaxed); }

 private:
  // Runs `body` over [0, n) in `parts` chunks, taken one at a time by the calling thread and by
  // helpers 0 … parts − 2 (pinned to cpus_[0 …]); returns when every chunk is done. The caller
  // starts at once, so a helper that wakes late (an idle vCPU can take tens of microseconds to
  // come back) finds its chunk already taken rather than making the caller wait: a split job never
  // takes much longer than the caller alone would.
  void run(size_t n, size_t parts, ParallelBody body, void* context) {
    const Job job{body, context, ((n + parts - 1) / parts + kChunkAlignment - 1) / kChunkAlignment * kChunkAlignment, n, parts};
    uint32_t generation;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      startHelpers(parts - 1);
      for (size_t i = 0; i + 1 < parts; ++i) pin(i, cpus_[i]);
      job_ = job;
      generation = static_cast<uint32_t>(++generation_);
      done_.store(0, std::memory_order_relaxed);
      claims_.store(static_cast<uint64_t>(generation) << 32, std::memory_order_release);
    }
    wake_.notify_all();
    work(generation, job);
    // A helper may still be running a chunk it took: spin up to 50 µs (it usually finishes about
    // when the caller does), then sleep until the last chunk's finisher signals.
    const auto spinUntil = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
    while (done_.load(std::memory_order_acquire) != parts && std::chrono::steady_clock::now() < spinUntil) pause();
    if (done_.load(std::memory_order_acquire) != parts) {
      std::unique_lock<std::mutex> lock(mutex_);
      finished_.wait(lock, [&] { return done_.load(std::memory_order_acquire) == parts; });
    }
  }

  struct Job {
    ParallelBody body;
    void* context;
    size_t chunk;
    size_t n;
    size_t parts;
  };

  // cpus_ = the CPUs this process may run on, other than the calling thread's current one.
  void findOtherCpus() {
    cpus_.clear();
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
    const int current = sched_getcpu();
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &allowed) && cpu != current) cpus_.push_back(cpu);
  }

  static void pause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }

  // Takes and runs chunks of the job published as `generation` until none is left. A chunk is
  // taken by advancing claims_ (the generation in its high half, the next chunk in its low half)
  // while its generation is still this job's, so a helper holding an older job takes nothing.
  void work(uint32_t generation, const Job& job) {
    uint64_t claim = claims_.load(std::memory_order_acquire);
    for (;;) {
      if (static_cast<uint32_t>(claim >> 32) != generation || (claim & 0xffffffffu) >= job.parts) return;
      if (!claims_.compare_exchange_weak(claim, claim + 1, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
      const size_t begin = static_cast<size_t>(claim & 0xffffffffu) * job.chunk;
      const size_t end = begin + job.chunk < job.n ? begin + job.chunk : job.n;
      if (begin < end) job.body(job.context, begin, end);
      if (done_.fetch_add(1, std::memory_order_acq_rel) + 1 == job.parts) {
        std::lock_guard<std::mutex> lock(mutex_);
        finished_.notify_all();
      }
      claim = claims_.load(std::memory_order_acquire);
    }
  }

  // Called with mutex_ held, before the job's generation is published: a new helper starts from
  // the current generation, so it takes that job.
  void startHelpers(size_t count) {
    while (helpers_.size() < count) {
      std::thread thread(&HelperPool::loop, this, helpers_.size(), generation_);
      // Detached: the pool lives for the whole process (see pool()), and a helper blocked in
      // wait() must not make the process's exit join it. Its handle stays valid while it runs.
      helpers_.push_back(Helper{thread.native_handle(), -1});
      thread.detach();
    }
  }

  // Pins helper `index` to `cpu` when it is not pinned there already (failure leaves it unpinned:
  // the split is then only slower, never wrong).
  void pin(size_t index, int cpu) {
    Helper& helper = helpers_[index];
    if (helper.cpu == cpu) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (pthread_setaffinity_np(helper.handle, sizeof set, &set) == 0) helper.cpu = cpu;
  }

  void loop(size_t index, uint64_t seen) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return generation_ != seen; });
      seen = generation_;
      if (index + 1 >= job_.parts) continue;  // not needed for this job
      const Job job = job_;
      lock.unlock();
      work(static_cast<uint32_t>(seen), job);
      lock.lock();
    }
  }

  struct Helper {
    pthread_t handle;
    int cpu;  // the CPU it is pinned to, −1 before the first pin
  };

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  std::vector<Helper> helpers_;
  uint64_t generation_ = 0;
  Job job_{};
  std::atomic<uint64_t> claims_{0};
  std::atomic<size_t> done_{0};
  std::atomic<bool> busy_{false};
  std::vector<int> cpus_;  // written only by the caller holding busy_
  std::atomic<uint64_t> jobs_{0};
};

// One pool per process, never destroyed (its detached helpers may still be waiting at exit).
HelperPool& pool() {
  static HelperPool* instance = new HelperPool();
  return *instance;
}

Napi::Value ParallelJobs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(pool().jobs()));
}

}  // namespace

void parallelFor(size_t n, size_t minimumPerThread, ParallelBody body, void* context) {
  size_t parts = minimumPerThread == 0 ? 1 : n / minimumPerThread;
  const int threads = blasThreads();
  if (parts > static_cast<size_t>(threads)) parts = static_cast<size_t>(threads);
  if (parts >= 2 && pool().tryRun(n, parts, body, context)) return;
  body(context, 0, n);
}

void registerParallel(Napi::Env env, Napi::Object exports) {
  exports.Set("parallelJobs", Napi::Function::New(env, ParallelJobs));
}

}  // namespace kts
