#pragma once
// The query of an authorization response as it reaches a redirect (loopback or private-use URI
// scheme). The URL comes from outside, so a malformed percent-encoding or a repeated parameter is
// refused rather than half-read: RFC 6749 §3.1 says a response parameter MUST NOT appear more
// than once, and taking the first or the last copy of a repeated `code` or `state` would let an
// attacker choose which one we trust.
// Threads: pure; any thread.
#include <Poco/URI.h>

#include <map>
#include <string>

namespace deskauth {

// The decoded query parameters of `uri`. Throws std::invalid_argument naming the problem.
std::map<std::string, std::string> redirectQuery(const Poco::URI& uri);

}  // namespace deskauth
