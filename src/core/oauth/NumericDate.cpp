#include "oauth/NumericDate.h"

#include <algorithm>

namespace deskauth {

std::chrono::system_clock::time_point numericDateToTimePoint(long long secondsSinceEpoch) {
    constexpr long long latest = 7'258'118'400;  // 2200-01-01T00:00:00Z
    return std::chrono::system_clock::time_point(std::chrono::seconds(std::clamp(secondsSinceEpoch, 0LL, latest)));
}

}  // namespace deskauth
