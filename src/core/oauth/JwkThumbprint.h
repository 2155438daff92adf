#pragma once
// The JWK thumbprint (RFC 7638): base64url(SHA-256) of the key's required members, in
// lexicographic order and without whitespace (§3.2). DPoP uses it for dpop_jkt and cnf.jkt
// (RFC 9449 §6.1, §10); the client computes it for its own key, the API for a proof's key.
// Threads: pure functions; any thread.
#include <Poco/JSON/Object.h>

#include <string>

namespace deskauth {

// The §3.3 input for an EC key ({"crv","kty","x","y"}) or an RSA key ({"e","kty","n"}). Throws
// std::invalid_argument for another kty or a missing member.
std::string jwkThumbprintInput(const Poco::JSON::Object& publicJwk);
std::string jwkThumbprint(const Poco::JSON::Object& publicJwk);

}  // namespace deskauth
