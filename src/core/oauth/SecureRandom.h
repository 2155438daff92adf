#pragma once
// Random values for PKCE verifiers, state and nonce, from the OS CSPRNG through OpenSSL RAND_bytes.
// Threads: thread-safe (OpenSSL RAND_bytes); never blocks for long.
#include <string>

namespace deskauth {

// `bytes` random bytes, base64url-encoded (32 bytes give 43 characters and 256 bits of entropy).
std::string randomUrlSafeString(std::size_t bytes = 32);

}  // namespace deskauth
