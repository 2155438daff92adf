#include "oauth/DpopSigner.h"

#include "oauth/Base64Url.h"
#include "support/FakeTransport.h"
#include "support/JwtParts.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

using namespace deskauth;
using namespace deskauth::test;

namespace {

std::string header(const HttpRequest& request, const std::string& name) {
    std::string value;
    int count = 0;
    for (const auto& [k, v] : request.headers) {
        if (k == name) value = v, ++count;
    }
    EXPECT_LE(count, 1) << name << " appears more than once";
    return value;
}

std::string nonceIn(const HttpRequest& request) {
    const auto claims = jwtClaims(header(request, "DPoP"));
    return claims->has("nonce") ? claims->getValue<std::string>("nonce") : "";
}

HttpResponse withNonce(HttpResponse response, const std::string& nonce) {
    response.headers.emplace_back("DPoP-Nonce", nonce);
    return response;
}

HttpResponse tokenEndpointChallenge(const std::string& nonce) {
    return withNonce(jsonResponse(400, R"({"error":"use_dpop_nonce","error_description":"nonce required"})"), nonce);
}

HttpResponse resourceChallenge(const std::string& nonce) {
    HttpResponse response = withNonce(jsonResponse(401, "{}"), nonce);
    response.headers.emplace_back("WWW-Authenticate", R"(DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof")");
    return response;
}

HttpRequest post(const std::string& url) {
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    return request;
}

const DpopKey& key() {
    static const DpopKey k = DpopKey::generate();
    return k;
}

}  // namespace

TEST(DpopSigner, SignReplacesTheProofOfAnEarlierTry) {
    DpopSigner signer(DpopServer::Authorization);
    HttpRequest request = post("https://as.example/token");
    signer.sign(request, key());
    const std::string first = header(request, "DPoP");
    signer.sign(request, key());
    EXPECT_NE(header(request, "DPoP"), first);  // a new jti
    EXPECT_EQ(jwtClaims(header(request, "DPoP"))->getValue<std::string>("htm"), "POST");
}

// RFC 9449 §8: 400 use_dpop_nonce with a DPoP-Nonce header: retry once with that nonce.
TEST(DpopSigner, TokenEndpointChallengeIsRetriedWithItsNonce) {
    DpopSigner signer(DpopServer::Authorization);
    HttpRequest request = post("https://as.example/token");
    signer.sign(request, key());
    EXPECT_EQ(nonceIn(request), "");
    EXPECT_TRUE(signer.retryWith(request, tokenEndpointChallenge("n-1")));
    signer.sign(request, key());
    EXPECT_EQ(nonceIn(request), "n-1");
    // The same nonce again is a loop: no second retry.
    EXPECT_FALSE(signer.retryWith(request, tokenEndpointChallenge("n-1")));
}

TEST(DpopSigner, NoncesAreRememberedPerServer) {
    DpopSigner signer(DpopServer::Authorization);
    HttpRequest a = post("https://as.example/token");
    ASSERT_TRUE(signer.retryWith(a, tokenEndpointChallenge("for-as")));
    HttpRequest revoke = post("https://AS.example:443/token/revocation?x");
    signer.sign(revoke, key());
    EXPECT_EQ(nonceIn(revoke), "for-as");  // same origin, another path
    HttpRequest other = post("https://other.example/token");
    signer.sign(other, key());
    EXPECT_EQ(nonceIn(other), "");
}

// §8.2: a server may send the next nonce with any answer.
TEST(DpopSigner, NonceOnASuccessIsKeptButNotRetried) {
    DpopSigner signer(DpopServer::Authorization);
    HttpRequest request = post("https://as.example/token");
    EXPECT_FALSE(signer.retryWith(request, withNonce(jsonResponse(200, "{}"), "next")));
    signer.sign(request, key());
    EXPECT_EQ(nonceIn(request), "next");
}

TEST(DpopSigner, ResourceChallengeIsTheWwwAuthenticateError) {
    DpopSigner api(DpopServer::Resource);
    HttpRequest request;
    request.url = "https://api.example/api/companies";
    EXPECT_TRUE(api.retryWith(request, resourceChallenge("r-1")));
    // A 400 use_dpop_nonce body means nothing from a resource server, and a 401 without the error neither.
    DpopSigner fresh(DpopServer::Resource);
    EXPECT_FALSE(fresh.retryWith(request, tokenEndpointChallenge("r-2")));
    HttpResponse invalidToken = withNonce(jsonResponse(401, "{}"), "r-3");
    invalidToken.headers.emplace_back("WWW-Authenticate", R"(DPoP error="invalid_token")");
    EXPECT_FALSE(DpopSigner(DpopServer::Resource).retryWith(request, invalidToken));
    EXPECT_TRUE(DpopSigner::isNonceChallenge(DpopServer::Resource, resourceChallenge("x")));
    EXPECT_FALSE(DpopSigner::isNonceChallenge(DpopServer::Authorization, resourceChallenge("x")));
}

TEST(DpopSigner, MalformedOrOversizedNoncesAreRefused) {
    EXPECT_TRUE(DpopSigner::isValidNonce("eyJ7S_zG.eyJH0-Z.HX4w-7v"));
    EXPECT_FALSE(DpopSigner::isValidNonce(""));
    EXPECT_FALSE(DpopSigner::isValidNonce("has space"));
    EXPECT_FALSE(DpopSigner::isValidNonce("quote\""));
    EXPECT_FALSE(DpopSigner::isValidNonce("back\\slash"));
    EXPECT_FALSE(DpopSigner::isValidNonce("new\nline"));
    EXPECT_FALSE(DpopSigner::isValidNonce(std::string(513, 'a')));
    EXPECT_TRUE(DpopSigner::isValidNonce(std::string(512, 'a')));
    DpopSigner signer(DpopServer::Authorization);
    HttpRequest request = post("https://as.example/token");
    EXPECT_FALSE(signer.retryWith(request, tokenEndpointChallenge(std::string(10000, 'n'))));
    EXPECT_FALSE(signer.retryWith(request, tokenEndpointChallenge("bad nonce")));
    signer.sign(request, key());
    EXPECT_EQ(nonceIn(request), "");  // neither was kept
}

TEST(DpopSigner, ChallengeWithoutANonceIsNotRetried) {
    DpopSigner signer(DpopServer::Authorization);
    EXPECT_FALSE(signer.retryWith(post("https://as.example/token"),
                                  jsonResponse(400, R"({"error":"use_dpop_nonce"})")));
}
