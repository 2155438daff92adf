#include "oauth/DpopKey.h"

#include "oauth/Base64Url.h"
#include "oauth/JwkThumbprint.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <stdexcept>

namespace deskauth {
namespace {

constexpr std::size_t coordinateSize = 32;  // P-256

struct Deleters {
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
    void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Deleters>;

std::shared_ptr<EVP_PKEY> shared(EVP_PKEY* key) { return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free); }

bool isP256(EVP_PKEY* key) {
    char group[64] = {};
    std::size_t length = 0;
    return EVP_PKEY_is_a(key, "EC") &&
           EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) == 1 &&
           std::string(group, length) == "prime256v1";
}

}  // namespace

DpopKey::DpopKey(std::shared_ptr<EVP_PKEY> key) : key_(std::move(key)) {
    // The uncompressed point 0x04 || X || Y (SEC 1 §2.3.3) gives the JWK's x and y.
    unsigned char point[1 + 2 * coordinateSize];
    std::size_t length = 0;
    if (EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point, sizeof point, &length) != 1 ||
        length != sizeof point || point[0] != 0x04) {
        throw std::invalid_argument("the DPoP key has no uncompressed P-256 public point");
    }
    x_.assign(reinterpret_cast<const char*>(point + 1), coordinateSize);
    y_.assign(reinterpret_cast<const char*>(point + 1 + coordinateSize), coordinateSize);
}

DpopKey DpopKey::generate() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    if (!key) throw std::runtime_error("OpenSSL could not make a P-256 key");
    // Exported points must be uncompressed so that x and y can be read (the default, said again).
    EVP_PKEY_set_utf8_string_param(key, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, "uncompressed");
    return DpopKey(shared(key));
}

DpopKey DpopKey::fromPem(const std::string& pem) {
    Owned<BIO> in(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    EVP_PKEY* raw = in ? PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr) : nullptr;
    if (!raw) throw std::invalid_argument("the stored DPoP key is not a PEM private key");
    auto key = shared(raw);
    if (!isP256(key.get())) throw std::invalid_argument("the stored DPoP key is not a P-256 key");
    return DpopKey(key);
}

std::string DpopKey::toPem() const {
    Owned<BIO> out(BIO_new(BIO_s_mem()));
    if (!out || PEM_write_bio_PKCS8PrivateKey(out.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        throw std::runtime_error("OpenSSL could not export the DPoP key");
    }
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    std::string pem(data, static_cast<std::size_t>(size));
    OPENSSL_cleanse(data, static_cast<std::size_t>(size));
    return pem;
}

Poco::JSON::Object::Ptr DpopKey::publicJwk() const {
    Poco::JSON::Object::Ptr jwk = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    jwk->set("kty", "EC");
    jwk->set("crv", "P-256");
    jwk->set("x", base64url::encode(x_));
    jwk->set("y", base64url::encode(y_));
    return jwk;
}

std::string DpopKey::thumbprint() const { return jwkThumbprint(*publicJwk()); }

std::string DpopKey::signEs256(const std::string& input) const {
    Owned<EVP_MD_CTX> context(EVP_MD_CTX_new());
    std::size_t derSize = 0;
    if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
        EVP_DigestSign(context.get(), nullptr, &derSize, reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
        throw std::runtime_error("OpenSSL could not sign the DPoP proof");
    }
    std::string der(derSize, '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(der.data()), &derSize,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
        throw std::runtime_error("OpenSSL could not sign the DPoP proof");
    }
    // OpenSSL gives a DER ECDSA-Sig-Value; JWS wants R and S as fixed-size big-endian integers.
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
    Owned<ECDSA_SIG> signature(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(derSize)));
    if (!signature) throw std::runtime_error("OpenSSL returned an unreadable ECDSA signature");
    std::string raw(2 * coordinateSize, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    if (BN_bn2binpad(ECDSA_SIG_get0_r(signature.get()), out, coordinateSize) != static_cast<int>(coordinateSize) ||
        BN_bn2binpad(ECDSA_SIG_get0_s(signature.get()), out + coordinateSize, coordinateSize) != static_cast<int>(coordinateSize)) {
        throw std::runtime_error("ECDSA signature out of range");
    }
    return raw;
}

}  // namespace deskauth
