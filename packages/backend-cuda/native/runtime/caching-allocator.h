// A caching allocator for device memory, templated on the device API so that its accounting
// can be exercised on the host (see bindings/pool-for-testing.cc) without a GPU.
//
// Policy: requests are rounded up (512 B granules up to 1 MiB, 2 MiB granules above); a freed
// block goes to a free list keyed by size and is reused by the smallest cached block that fits
// and is at most twice the rounded request (no splitting, so a small tensor never pins a large
// block). When the device refuses an allocation, every cached block is released and the
// allocation is tried once more before failing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace keras_ts_cuda {

struct AllocatorStats {
  std::size_t bytesInUse = 0;       // rounded sizes of live blocks
  std::size_t bytesCached = 0;      // rounded sizes of free blocks kept for reuse
  std::size_t bytesRequested = 0;   // exact sizes asked for by live blocks
  std::size_t peakBytesReserved = 0;
  std::uint64_t allocations = 0;        // calls to allocate
  std::uint64_t cacheHits = 0;          // allocations served from the cache
  std::uint64_t deviceAllocations = 0;  // calls to the device allocator that succeeded
  std::uint64_t deviceFrees = 0;        // blocks returned to the device
  std::uint64_t retriesAfterFlush = 0;  // allocations that needed the cache emptied first
  std::size_t liveBlocks = 0;
  std::size_t cachedBlocks = 0;
};

constexpr std::size_t kSmallGranule = 512;
constexpr std::size_t kLargeThreshold = std::size_t{1} << 20;
constexpr std::size_t kLargeGranule = std::size_t{2} << 20;

inline std::size_t RoundAllocationSize(std::size_t bytes) {
  if (bytes == 0) bytes = 1;
  const std::size_t granule = bytes <= kLargeThreshold ? kSmallGranule : kLargeGranule;
  return (bytes + granule - 1) / granule * granule;
}

class OutOfMemory : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// DeviceApi must provide `bool Allocate(std::size_t bytes, void** pointer)` (false when out of
// memory) and `void Release(void* pointer)`.
template <typename DeviceApi>
class CachingAllocator {
 public:
  explicit CachingAllocator(DeviceApi device) : device_(device) {}
  CachingAllocator(const CachingAllocator&) = delete;
  CachingAllocator& operator=(const CachingAllocator&) = delete;
  ~CachingAllocator() { EmptyCache(); }

  void* Allocate(std::size_t bytes) {
    const std::size_t size = RoundAllocationSize(bytes);
    stats_.allocations++;
    void* pointer = nullptr;
    auto found = free_.lower_bound(size);
    if (found != free_.end() && found->first <= 2 * size) {
      pointer = found->second;
      stats_.bytesCached -= found->first;
      stats_.cachedBlocks--;
      live_[pointer] = Block{found->first, bytes};
      stats_.bytesInUse += found->first;
      free_.erase(found);
      stats_.cacheHits++;
    } else {
      if (!device_.Allocate(size, &pointer)) {
        stats_.retriesAfterFlush++;
        EmptyCache();
        if (!device_.Allocate(size, &pointer)) {
          throw OutOfMemory("cuda: out of device memory allocating " + std::to_string(size) + " bytes (" +
                            std::to_string(stats_.bytesInUse) + " bytes in use by live tensors). Dispose tensors you no longer need or use a smaller batch size.");
        }
      }
      stats_.deviceAllocations++;
      live_[pointer] = Block{size, bytes};
      stats_.bytesInUse += size;
    }
    stats_.bytesRequested += bytes;
    stats_.liveBlocks = live_.size();
    const std::size_t reserved = stats_.bytesInUse + stats_.bytesCached;
    if (reserved > stats_.peakBytesReserved) stats_.peakBytesReserved = reserved;
    return pointer;
  }

  void Free(void* pointer) {
    auto found = live_.find(pointer);
    if (found == live_.end()) throw std::invalid_argument("cuda: free of a pointer that this allocator did not hand out (or freed twice)");
    stats_.bytesInUse -= found->second.size;
    stats_.bytesRequested -= found->second.requested;
    stats_.bytesCached += found->second.size;
    stats_.cachedBlocks++;
    free_.emplace(found->second.size, pointer);
    live_.erase(found);
    stats_.liveBlocks = live_.size();
  }

  // Returns every cached block to the device; live blocks are untouched.
  void EmptyCache() {
    for (auto& entry : free_) {
      device_.Release(entry.second);
      stats_.deviceFrees++;
    }
    free_.clear();
    stats_.bytesCached = 0;
    stats_.cachedBlocks = 0;
  }

  const AllocatorStats& Stats() const { return stats_; }
  DeviceApi& Device() { return device_; }

 private:
  struct Block {
    std::size_t size;
    std::size_t requested;
  };
  DeviceApi device_;
  std::multimap<std::size_t, void*> free_;
  std::unordered_map<void*, Block> live_;
  AllocatorStats stats_;
};

}  // namespace keras_ts_cuda
