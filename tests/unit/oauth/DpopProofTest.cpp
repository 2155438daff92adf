#include "oauth/DpopProof.h"

#include "oauth/Base64Url.h"
#include "oauth/JsonWebKey.h"
#include "support/JwtParts.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JWT/JWTException.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <gtest/gtest.h>

#include <set>

using namespace deskauth;
using deskauth::test::jwtClaims;
using deskauth::test::jwtHeader;

namespace {

const auto fixedNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

// Verifies the proof as a server does: with the key in its own header, through POCO's JWT signer.
Poco::JWT::Token verifiedWithItsJwk(const std::string& proof) {
    const JsonWebKey jwk = JsonWebKey::fromJson(*jwtHeader(proof)->getObject("jwk"));
    Poco::JWT::Signer signer(jwk.ec);
    signer.addAlgorithm(Poco::JWT::Signer::ALGO_ES256);
    return signer.verify(proof);  // throws SignatureVerificationException
}

}  // namespace

TEST(DpopProof, HasTheRfc9449HeaderAndClaims) {
    const DpopKey key = DpopKey::generate();
    const std::string proof = makeDpopProof(key, {"POST", "https://as.example/token?x=1#frag", "", ""}, fixedNow);
    const auto header = jwtHeader(proof);
    EXPECT_EQ(header->getValue<std::string>("typ"), "dpop+jwt");
    EXPECT_EQ(header->getValue<std::string>("alg"), "ES256");
    const auto jwk = header->getObject("jwk");
    EXPECT_FALSE(jwk->has("d"));  // §4.2: the public key only
    EXPECT_EQ(JsonWebKey::fromJson(*jwk).kty, "EC");
    const auto claims = jwtClaims(proof);
    EXPECT_EQ(claims->getValue<std::string>("htm"), "POST");
    EXPECT_EQ(claims->getValue<std::string>("htu"), "https://as.example/token");  // no query, no fragment
    EXPECT_EQ(claims->getValue<Poco::Int64>("iat"), 1'800'000'000);
    EXPECT_GE(claims->getValue<std::string>("jti").size(), 22u);
    EXPECT_FALSE(claims->has("ath"));    // not a resource request
    EXPECT_FALSE(claims->has("nonce"));  // none known
}

TEST(DpopProof, SignatureVerifiesWithTheHeadersKeyAndNotWithAnother) {
    const DpopKey key = DpopKey::generate();
    const std::string proof = makeDpopProof(key, {"GET", "https://api.example/api/companies", "token", "n-1"}, fixedNow);
    EXPECT_NO_THROW(verifiedWithItsJwk(proof));
    const JsonWebKey other = JsonWebKey::fromJson(*DpopKey::generate().publicJwk());
    Poco::JWT::Signer otherSigner(other.ec);
    otherSigner.addAlgorithm(Poco::JWT::Signer::ALGO_ES256);
    EXPECT_THROW(otherSigner.verify(proof), Poco::JWT::SignatureVerificationException);
    // A claim changed after signing breaks the signature.
    std::string tampered = proof;
    const auto firstDot = tampered.find('.');
    tampered[firstDot + 5] = tampered[firstDot + 5] == 'A' ? 'B' : 'A';
    EXPECT_THROW(verifiedWithItsJwk(tampered), Poco::Exception);
}

TEST(DpopProof, ResourceRequestCarriesAthAndTheNonce) {
    const DpopKey key = DpopKey::generate();
    const std::string proof = makeDpopProof(key, {"GET", "https://api.example/api/companies", "my-token", "server-nonce"}, fixedNow);
    const auto claims = jwtClaims(proof);
    // §4.2 ath: base64url(SHA-256("my-token")), computed here with `openssl dgst -sha256 -binary | basenc --base64url`.
    EXPECT_EQ(claims->getValue<std::string>("ath"), "_s5Q0ih_ckWupYGbdfle6L7ClaFPjvHnox8X8drp30Q");
    EXPECT_EQ(claims->getValue<std::string>("nonce"), "server-nonce");
}

TEST(DpopProof, EveryProofHasItsOwnJti) {
    const DpopKey key = DpopKey::generate();
    std::set<std::string> jtis;
    for (int i = 0; i < 50; ++i) {
        jtis.insert(jwtClaims(makeDpopProof(key, {"GET", "https://api.example/", "", ""}, fixedNow))->getValue<std::string>("jti"));
    }
    EXPECT_EQ(jtis.size(), 50u);
}

TEST(DpopProof, TargetUriDropsQueryAndFragmentOnly) {
    EXPECT_EQ(dpopTargetUri("https://h:8443/a/b?c=d#e"), "https://h:8443/a/b");
    EXPECT_EQ(dpopTargetUri("https://h/a#e?x"), "https://h/a");
    EXPECT_EQ(dpopTargetUri("https://h/a"), "https://h/a");
}
