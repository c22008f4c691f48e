// One thread that makes every MPI (and NCCL) call of the process, so the JavaScript thread can
// wait for a collective with a timeout instead of blocking in it forever. MPI sees a single
// thread calling it (MPI_THREAD_FUNNELED semantics: the thread that initialised MPI).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace kts {

/** What a task reports: 0 for success, or an error message. */
struct TaskResult {
  bool ok = true;
  std::string message;
};

/** A single worker thread running submitted tasks in order. */
class Worker {
 public:
  Worker();
  ~Worker();
  /**
   * Runs `task` on the worker and waits up to `timeout_ms` (0: forever). Returns false on a
   * timeout; the task keeps running (a stuck collective cannot be cancelled) and the worker is
   * marked stuck, so later calls fail at once.
   */
  bool run(std::function<TaskResult()> task, double timeout_ms, TaskResult* result);
  bool stuck() const { return stuck_; }

 private:
  struct Job {
    std::function<TaskResult()> task;
    TaskResult result;
    bool done = false;
  };
  void loop();
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  std::deque<std::shared_ptr<Job>> queue_;
  bool stuck_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kts
