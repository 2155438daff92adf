#pragma once
// A JWT NumericDate (RFC 7519 §2: seconds since 1970 in a claim such as exp) as a time_point.
// The claim is any 64-bit number the token says, but system_clock counts nanoseconds in 64 bits
// and ends in 2262, so a later date is read as 2200-01-01 (and one before 1970 as 1970) instead
// of overflowing. Compare claims in seconds; use this only to keep or show the time.
// Threads: pure functions; any thread.
#include <chrono>

namespace deskauth {

std::chrono::system_clock::time_point numericDateToTimePoint(long long secondsSinceEpoch);

}  // namespace deskauth
