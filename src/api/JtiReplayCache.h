#pragma once
// The DPoP proofs already seen (RFC 9449 §11.1): a proof's jti may be used once. Entries are
// kept for the proof acceptance window only (an older proof is refused by its iat anyway) and at
// most `capacity` of them: when full, the oldest is dropped first, which only matters for a
// proof replayed after thousands of newer ones within the same window. Thread-safe (one mutex).
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace deskauth::api {

class JtiReplayCache {
public:
    using TimePoint = std::chrono::system_clock::time_point;
    JtiReplayCache(std::size_t capacity, std::chrono::seconds window);

    // True the first time `key` (key thumbprint + jti) is seen; false for a replay. `now` is the
    // API's clock, which drops the entries older than the window.
    bool firstUse(const std::string& key, TimePoint now);
    std::size_t size() const;

private:
    const std::size_t capacity_;
    const std::chrono::seconds window_;
    mutable std::mutex mutex_;
    std::set<std::string> seen_;
    std::multimap<TimePoint, std::string> byTime_;  // oldest first, to drop
};

}  // namespace deskauth::api
