#pragma once
// A URL without the slashes at its end: how the configuration, discovery and diagnostics compare
// and join URLs ("https://host/realm/" and "https://host/realm" name the same base). Pure,
// header-only, so any folder may use it; any thread.
#include <string>

namespace deskauth {

inline std::string withoutTrailingSlashes(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

}  // namespace deskauth
