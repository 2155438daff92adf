#include "oauth/JsonWebKey.h"

#include "http/JsonBody.h"
#include "oauth/Base64Url.h"

#include <Poco/Crypto/EVPPKey.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>
#include <stdexcept>

namespace deskauth {
namespace {

struct Deleters {
    void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(BIGNUM* p) const { BN_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Deleters>;

std::string member(const Poco::JSON::Object& jwk, const char* name) {
    auto value = json::optionalString(jwk, name);
    if (!value || value->empty()) throw std::invalid_argument(std::string("JWK without '") + name + "'");
    return base64url::decode(*value);
}

Poco::Crypto::EVPPKey keyFromParams(const char* type, OSSL_PARAM_BLD* builder) {
    Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(builder));
    Owned<EVP_PKEY_CTX> context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
        EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        throw std::invalid_argument(std::string("OpenSSL rejected the ") + type + " JWK");
    }
    Owned<EVP_PKEY> key(raw);
    return Poco::Crypto::EVPPKey(key.get());  // POCO takes its own reference
}

Poco::Crypto::EVPPKey rsaKey(const Poco::JSON::Object& jwk) {
    const std::string n = member(jwk, "n");
    const std::string e = member(jwk, "e");
    if (n.size() < 256) throw std::invalid_argument("RSA JWK shorter than 2048 bits");
    Owned<BIGNUM> modulus(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr));
    Owned<BIGNUM> exponent(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr));
    Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    if (!modulus || !exponent || !builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get())) {
        throw std::invalid_argument("malformed RSA JWK");
    }
    return keyFromParams("RSA", builder.get());
}

Poco::Crypto::EVPPKey ecKey(const Poco::JSON::Object& jwk) {
    const std::string curve = json::optionalString(jwk, "crv").value_or("");
    const char* group = nullptr;
    std::size_t coordinateSize = 0;
    if (curve == "P-256") group = "prime256v1", coordinateSize = 32;
    else if (curve == "P-384") group = "secp384r1", coordinateSize = 48;
    else if (curve == "P-521") group = "secp521r1", coordinateSize = 66;
    else throw std::invalid_argument("unsupported EC curve '" + curve + "'");
    const std::string x = member(jwk, "x");
    const std::string y = member(jwk, "y");
    if (x.size() != coordinateSize || y.size() != coordinateSize) throw std::invalid_argument("EC JWK coordinates of wrong size");
    std::string point = std::string(1, '\x04') + x + y;  // uncompressed point (SEC 1 §2.3.3)
    Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    if (!builder || !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size())) {
        throw std::invalid_argument("malformed EC JWK");
    }
    return keyFromParams("EC", builder.get());
}

}  // namespace

JsonWebKey JsonWebKey::fromJson(const Poco::JSON::Object& jwk) {
    JsonWebKey key;
    key.kid = json::optionalString(jwk, "kid").value_or("");
    key.kty = json::optionalString(jwk, "kty").value_or("");
    key.alg = json::optionalString(jwk, "alg").value_or("");
    if (jwk.has("d")) throw std::invalid_argument("JWKS contains a private key; refusing it");
    if (auto use = json::optionalString(jwk, "use"); use && *use != "sig") {
        throw std::invalid_argument("JWK not meant for signatures");
    }
    if (key.kty == "RSA") {
        key.rsa = new Poco::Crypto::RSAKey(rsaKey(jwk));
    } else if (key.kty == "EC") {
        key.ec = new Poco::Crypto::ECKey(ecKey(jwk));
    } else {
        throw std::invalid_argument("unsupported JWK type '" + key.kty + "'");
    }
    return key;
}

}  // namespace deskauth
