#pragma once
// The header and the claims of a compact JWS (RFC 7515 §7.1) as JSON objects, for tests that look
// inside the tokens and proofs the code under test made or received. Nothing here verifies a
// signature: the code under test does that. Any thread. A text that is no JWS throws.
#include <Poco/JSON/Object.h>

#include <string>

namespace deskauth::test {

Poco::JSON::Object::Ptr jwtHeader(const std::string& jws);
Poco::JSON::Object::Ptr jwtClaims(const std::string& jws);

}  // namespace deskauth::test
