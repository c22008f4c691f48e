#include "worker.h"

#include <chrono>

namespace kts {

Worker::Worker() : thread_([this] { loop(); }) {
  // Detached: a thread stuck in a collective must not keep the process from exiting.
  thread_.detach();
}

Worker::~Worker() {
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = true;
  wake_.notify_all();
}

void Worker::loop() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = queue_.front();
      queue_.pop_front();
    }
    TaskResult result = job->task();
    std::lock_guard<std::mutex> lock(mutex_);
    job->result = std::move(result);
    job->done = true;
    finished_.notify_all();
  }
}

bool Worker::run(std::function<TaskResult()> task, double timeout_ms, TaskResult* result) {
  auto job = std::make_shared<Job>();
  job->task = std::move(task);
  std::unique_lock<std::mutex> lock(mutex_);
  queue_.push_back(job);
  wake_.notify_all();
  auto done = [&job] { return job->done; };
  if (timeout_ms <= 0) {
    finished_.wait(lock, done);
  } else if (!finished_.wait_for(lock, std::chrono::duration<double, std::milli>(timeout_ms), done)) {
    stuck_ = true;
    return false;
  }
  *result = job->result;
  return true;
}

}  // namespace kts
