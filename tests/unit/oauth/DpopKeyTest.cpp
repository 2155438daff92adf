#include "oauth/DpopKey.h"

#include "oauth/Base64Url.h"
#include "oauth/JsonWebKey.h"
#include "oauth/JwkThumbprint.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JWT/Signer.h>
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace deskauth;

namespace {

Poco::JSON::Object::Ptr parse(const std::string& json) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

// Verifies an ES256 signature with OpenSSL directly, independent of DpopKey's signing code.
bool opensslVerifies(const DpopKey& key, const std::string& input, const std::string& rawSignature) {
    const JsonWebKey jwk = JsonWebKey::fromJson(*key.publicJwk());
    Poco::Crypto::EVPPKey evp(jwk.ec->impl()->getECKey());
    EVP_PKEY* pkey = evp;
    if (rawSignature.size() != 64) return false;
    ECDSA_SIG* sig = ECDSA_SIG_new();
    const auto* bytes = reinterpret_cast<const unsigned char*>(rawSignature.data());
    ECDSA_SIG_set0(sig, BN_bin2bn(bytes, 32, nullptr), BN_bin2bn(bytes + 32, 32, nullptr));
    unsigned char* der = nullptr;
    const int derSize = i2d_ECDSA_SIG(sig, &der);
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    const bool ok = EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, pkey) == 1 &&
                    EVP_DigestVerify(context, der, static_cast<std::size_t>(derSize),
                                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
    EVP_MD_CTX_free(context);
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    return ok;
}

}  // namespace

// RFC 7638 §3.1: the example RSA key and its thumbprint.
TEST(JwkThumbprint, MatchesTheRfc7638Example) {
    const auto jwk = parse(R"({"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"})");
    EXPECT_EQ(jwkThumbprint(*jwk), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

TEST(JwkThumbprint, EcInputHasOnlyTheRequiredMembersInOrder) {
    const auto jwk = parse(R"({"y":"Y","x":"X","kty":"EC","crv":"P-256","kid":"ignored","use":"sig"})");
    EXPECT_EQ(jwkThumbprintInput(*jwk), R"({"crv":"P-256","kty":"EC","x":"X","y":"Y"})");
    EXPECT_THROW(jwkThumbprint(*parse(R"({"kty":"oct","k":"AAAA"})")), std::invalid_argument);
    EXPECT_THROW(jwkThumbprint(*parse(R"({"kty":"EC","crv":"P-256","x":"X"})")), std::invalid_argument);
}

TEST(DpopKey, PublicJwkIsAP256PointWithoutThePrivatePart) {
    const DpopKey key = DpopKey::generate();
    const auto jwk = key.publicJwk();
    EXPECT_EQ(jwk->getValue<std::string>("kty"), "EC");
    EXPECT_EQ(jwk->getValue<std::string>("crv"), "P-256");
    EXPECT_EQ(base64url::decode(jwk->getValue<std::string>("x")).size(), 32u);
    EXPECT_EQ(base64url::decode(jwk->getValue<std::string>("y")).size(), 32u);
    EXPECT_FALSE(jwk->has("d"));
    EXPECT_NO_THROW(JsonWebKey::fromJson(*jwk));  // a valid point on the curve (OpenSSL checks)
    EXPECT_EQ(key.thumbprint(), jwkThumbprint(*jwk));
    EXPECT_EQ(key.thumbprint().size(), 43u);
}

TEST(DpopKey, EveryKeyIsNew) {
    EXPECT_NE(DpopKey::generate().thumbprint(), DpopKey::generate().thumbprint());
}

TEST(DpopKey, SurvivesThePemRoundTrip) {
    const DpopKey key = DpopKey::generate();
    const std::string pem = key.toPem();
    EXPECT_EQ(pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
    const DpopKey restored = DpopKey::fromPem(pem);
    EXPECT_EQ(restored.thumbprint(), key.thumbprint());
    EXPECT_TRUE(opensslVerifies(key, "input", restored.signEs256("input")));
}

TEST(DpopKey, RefusesWhatIsNoP256PrivateKey) {
    EXPECT_THROW(DpopKey::fromPem(""), std::invalid_argument);
    EXPECT_THROW(DpopKey::fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), std::invalid_argument);
    EVP_PKEY* p384 = EVP_EC_gen("P-384");
    BIO* out = BIO_new(BIO_s_mem());
    PEM_write_bio_PKCS8PrivateKey(out, p384, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long size = BIO_get_mem_data(out, &data);
    const std::string pem(data, static_cast<std::size_t>(size));
    BIO_free(out);
    EVP_PKEY_free(p384);
    EXPECT_THROW(DpopKey::fromPem(pem), std::invalid_argument);
}

// RFC 7518 §3.4: R || S, 32 bytes each, verifiable with the public key alone. Many signatures, so
// that R or S with leading zero bytes (1 in 128 each) are covered too.
TEST(DpopKey, Es256SignaturesVerifyWithThePublicKey) {
    const DpopKey key = DpopKey::generate();
    for (int i = 0; i < 300; ++i) {
        const std::string input = "message " + std::to_string(i);
        const std::string signature = key.signEs256(input);
        ASSERT_EQ(signature.size(), 64u);
        ASSERT_TRUE(opensslVerifies(key, input, signature)) << i;
        ASSERT_FALSE(opensslVerifies(key, input + "!", signature)) << i;
    }
}
