#pragma once
// Signing keys made in the test process, with their public JWK, for signing test JWTs.
#include <Poco/Crypto/ECKey.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/JSON/Object.h>
#include <Poco/JWT/Token.h>
#include <Poco/SharedPtr.h>

#include <string>

namespace deskauth::test {

struct RsaTestKey {
    std::string kid;
    Poco::SharedPtr<Poco::Crypto::RSAKey> key;
    Poco::JSON::Object::Ptr jwk() const;
    std::string sign(Poco::JWT::Token token, const std::string& alg = "RS256") const;
    std::string publicKeyPem() const;
    static RsaTestKey generate(const std::string& kid);
};

struct EcTestKey {
    std::string kid;
    Poco::SharedPtr<Poco::Crypto::ECKey> key;
    std::string x, y;  // raw coordinates
    Poco::JSON::Object::Ptr jwk() const;
    std::string sign(Poco::JWT::Token token) const;
    static EcTestKey generate(const std::string& kid);
};

// The compact JSON text of an object (claims, JWKs, server answers).
std::string toJson(const Poco::JSON::Object& object);
// {"keys":[...]} for the given JWKs.
std::string jwksJson(std::initializer_list<Poco::JSON::Object::Ptr> keys);
// An unsigned ("alg":"none") JWT with these claims.
std::string unsignedJwt(const Poco::JSON::Object& payload);
// A HS256 JWT whose HMAC secret is `secret` (the key-confusion attack uses the public key PEM).
std::string hs256Jwt(Poco::JWT::Token token, const std::string& secret, const std::string& kid);

}  // namespace deskauth::test
