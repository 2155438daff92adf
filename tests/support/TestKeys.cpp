#include "support/TestKeys.h"

#include "oauth/Base64Url.h"

#include <Poco/Crypto/EVPPKey.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/JWT/Signer.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <sstream>
#include <stdexcept>

namespace deskauth::test {
namespace {

std::string bytes(const std::vector<unsigned char>& v) { return std::string(v.begin(), v.end()); }

}  // namespace

std::string toJson(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

RsaTestKey RsaTestKey::generate(const std::string& kid) {
    RsaTestKey k;
    k.kid = kid;
    k.key = new Poco::Crypto::RSAKey(Poco::Crypto::RSAKey::KL_2048, Poco::Crypto::RSAKey::EXP_LARGE);
    return k;
}

Poco::JSON::Object::Ptr RsaTestKey::jwk() const {
    Poco::JSON::Object::Ptr jwk = new Poco::JSON::Object;
    jwk->set("kty", "RSA");
    jwk->set("kid", kid);
    jwk->set("use", "sig");
    jwk->set("alg", "RS256");
    jwk->set("n", base64url::encode(bytes(key->modulus())));
    jwk->set("e", base64url::encode(bytes(key->encryptionExponent())));
    return jwk;
}

std::string RsaTestKey::sign(Poco::JWT::Token token, const std::string& alg) const {
    token.header().set("kid", kid);
    Poco::JWT::Signer signer(key);
    return signer.sign(token, alg);
}

std::string RsaTestKey::publicKeyPem() const {
    std::ostringstream out;
    key->save(&out);
    return out.str();
}

EcTestKey EcTestKey::generate(const std::string& kid) {
    EcTestKey k;
    k.kid = kid;
    EVP_PKEY* pkey = EVP_EC_gen("P-256");
    if (!pkey) throw std::runtime_error("EC key generation failed");
    unsigned char point[65];
    size_t length = 0;
    EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point, sizeof point, &length);
    if (length != 65) throw std::runtime_error("unexpected EC point size");
    k.x.assign(reinterpret_cast<char*>(point) + 1, 32);
    k.y.assign(reinterpret_cast<char*>(point) + 33, 32);
    k.key = new Poco::Crypto::ECKey(Poco::Crypto::EVPPKey(pkey));
    EVP_PKEY_free(pkey);
    return k;
}

Poco::JSON::Object::Ptr EcTestKey::jwk() const {
    Poco::JSON::Object::Ptr jwk = new Poco::JSON::Object;
    jwk->set("kty", "EC");
    jwk->set("kid", kid);
    jwk->set("crv", "P-256");
    jwk->set("alg", "ES256");
    jwk->set("x", base64url::encode(x));
    jwk->set("y", base64url::encode(y));
    return jwk;
}

std::string EcTestKey::sign(Poco::JWT::Token token) const {
    token.header().set("kid", kid);
    Poco::JWT::Signer signer(key);
    return signer.sign(token, "ES256");
}

std::string jwksJson(std::initializer_list<Poco::JSON::Object::Ptr> keys) {
    Poco::JSON::Object root;
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& key : keys) array->add(key);
    root.set("keys", array);
    return toJson(root);
}

std::string unsignedJwt(const Poco::JSON::Object& payload) {
    return base64url::encode(std::string(R"({"alg":"none","typ":"JWT"})")) + "." + base64url::encode(toJson(payload)) + ".";
}

std::string hs256Jwt(Poco::JWT::Token token, const std::string& secret, const std::string& kid) {
    token.header().set("kid", kid);
    Poco::JWT::Signer signer(secret);
    return signer.sign(token, "HS256");
}

}  // namespace deskauth::test
