#pragma once
// RFC 7518 §3.4: an ECDSA JWS signature is R || S, each as long as the curve's order: 64 bytes
// for ES256, 96 for ES384, 132 for ES512. Both JWS checks (the ID token's JwtSignatureVerifier and
// the API's DPoP proof check) refuse any other size before POCO sees the signature: POCO 1.11
// leaks an ECDSA_SIG for a signature it cannot split into R and S (found by fuzz_Jwt, then by
// fuzz_DpopProof), and a server that leaks memory on a request is one anybody can exhaust.
// Threads: pure functions, any thread.
#include <cstddef>
#include <string>

namespace deskauth {

// 64, 96 or 132 for ES256, ES384 and ES512; 0 for any other alg.
std::size_t ecdsaSignatureSize(const std::string& alg);

// Whether the last dot-separated part of the compact JWS is base64url of exactly
// ecdsaSignatureSize(alg) bytes. False when alg is not an ECDSA alg or the part is not base64url.
bool hasEcdsaSignatureOfItsSize(const std::string& compactJws, const std::string& alg);

}  // namespace deskauth
