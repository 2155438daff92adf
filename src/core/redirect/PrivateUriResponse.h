#pragma once
// The authorization response of a private-use URI scheme redirect (RFC 8252 §7.1), e.g.
// "com.deskauth.desktop:/callback?code=...&state=...&iss=...". The URL reaches us from the OS
// through a command line or a forwarding second instance, so it is untrusted input: its scheme,
// path and size are checked before anything else looks at it.
// Threads: pure; any thread.
#include <cstddef>
#include <map>
#include <string>

namespace deskauth {

class PrivateUriResponse {
public:
    static constexpr std::size_t maxUrlBytes = std::size_t{8} * 1024;

    // True when `url` uses `scheme` at all (the app was started to handle a redirect).
    static bool usesScheme(const std::string& url, const std::string& scheme);

    // The query parameters of `url` if it is `scheme:<path>?...`; throws StrayResponse
    // ("invalid_redirect_url") for another scheme, path, an authority part, or an oversized URL.
    static std::map<std::string, std::string> parse(const std::string& url, const std::string& scheme,
                                                    const std::string& path);
};

}  // namespace deskauth
