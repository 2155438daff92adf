#pragma once
// How large an answer from the authorization server may be. Real ones are a few kilobytes; a
// server (or anything between us and it) that sends more is refused before it is buffered, so a
// hostile server cannot make us hold megabytes of "tokens" or store them in the secret store.
// Threads: constants only.
#include <cstddef>

namespace deskauth::limits {

inline constexpr std::size_t discoveryDocumentBytes = std::size_t{128} * 1024;  // large providers: under 10 KB
inline constexpr std::size_t jwksBytes = std::size_t{256} * 1024;               // a few keys, x5c chains included
inline constexpr std::size_t tokenResponseBytes = std::size_t{64} * 1024;       // token, refresh, revocation
inline constexpr std::size_t userinfoBytes = std::size_t{64} * 1024;

}  // namespace deskauth::limits
