#pragma once
// A DPoP proof JWT (RFC 9449 §4.2): header {typ "dpop+jwt", alg "ES256", jwk}, claims jti, htm,
// htu, iat, and, when known, nonce (§8) and ath (§4.2, for a request to a resource server).
// Threads: pure functions of their arguments (and the CSPRNG for jti); any thread.
#include "oauth/DpopKey.h"

#include <chrono>
#include <string>

namespace deskauth {

struct DpopProofInput {
    std::string method;       // htm: the HTTP method, e.g. "POST"
    std::string url;          // the request URL; htu is it without query and fragment
    std::string accessToken;  // non-empty for a resource request: gives ath
    std::string nonce;        // the server's DPoP-Nonce, when it sent one
};

std::string makeDpopProof(const DpopKey& key, const DpopProofInput& input, std::chrono::system_clock::time_point now);

// §4.2 htu: "The HTTP target URI ..., without query and fragment parts".
std::string dpopTargetUri(const std::string& url);
// §4.2 ath: base64url(SHA-256(ASCII access token)).
std::string dpopAccessTokenHash(const std::string& accessToken);

}  // namespace deskauth
