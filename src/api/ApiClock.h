#pragma once
// The time the API judges tokens by (ClaimsChecker's exp/nbf/iat, the claims cache's expiry):
// the system clock, which only a test can move forward (POST /test/clock/advance/<seconds>, with
// --test-endpoints). A test then sees a token expire at once instead of waiting seconds in real
// time for a deadline that a loaded machine might miss. Thread-safe (an atomic offset).
#include <atomic>
#include <chrono>

namespace deskauth::api {

class ApiClock {
public:
    std::chrono::system_clock::time_point now() const {
        return std::chrono::system_clock::now() + std::chrono::seconds(offsetSeconds_.load());
    }
    // Returns the offset from the system clock after the move.
    std::chrono::seconds advance(std::chrono::seconds by) { return std::chrono::seconds(offsetSeconds_ += by.count()); }

private:
    std::atomic<long long> offsetSeconds_{0};
};

}  // namespace deskauth::api
