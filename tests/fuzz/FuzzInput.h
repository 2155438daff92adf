#pragma once
// What every fuzz target shares: the input as a string, and a quiet log (errors only) so that the
// fuzzer's own output stays readable. A target catches exactly the exceptions its parser documents;
// anything else escapes, aborts, and libFuzzer saves the input as a crash.
#include "log/Log.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace deskauth::fuzz {

inline std::string text(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

inline void quietLog() { log::configure("error"); }

}  // namespace deskauth::fuzz
