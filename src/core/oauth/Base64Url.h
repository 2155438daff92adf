#pragma once
// Base64url without padding (RFC 4648 §5), as JOSE and PKCE use it.
// Threads: pure functions; any thread.
#include <string>
#include <vector>

namespace deskauth::base64url {

std::string encode(const unsigned char* data, std::size_t size);
std::string encode(const std::string& bytes);
// Throws std::invalid_argument on characters outside the base64url alphabet.
std::string decode(const std::string& text);

}  // namespace deskauth::base64url
