// The token client with a DPoP key against a scripted token endpoint: proofs on every request,
// the use_dpop_nonce retry exactly once (RFC 9449 §8), the key carried into the tokens.
#include "oauth/TokenClient.h"

#include "errors/Errors.h"
#include "oauth/Base64Url.h"
#include "support/FakeTransport.h"
#include "support/JwtParts.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <mutex>

using namespace deskauth;
using namespace deskauth::test;

namespace {

const std::string dpopIssuer = "https://as.example";

std::string proofNonce(const std::string& proof) {
    const auto claims = jwtClaims(proof);
    return claims->has("nonce") ? claims->getValue<std::string>("nonce") : "";
}

// A token endpoint that wants `nonce` in the proof (empty: any proof will do); records each try.
struct ScriptedTokenEndpoint {
    std::mutex mutex;
    std::vector<std::string> proofs;  // the DPoP header of each token request ("" = none)
    std::string nonce;
    bool alwaysNewNonce = false;  // a hostile server: a fresh challenge every time
    int counter = 0;
    std::string accessToken = "at";

    HttpResponse handle(const HttpRequest& request) {
        if (request.url == dpopIssuer + "/.well-known/openid-configuration") {
            return jsonResponse(200, R"({"issuer":")" + dpopIssuer + R"(","authorization_endpoint":")" + dpopIssuer +
                                         R"(/auth","token_endpoint":")" + dpopIssuer + R"(/token","jwks_uri":")" + dpopIssuer +
                                         R"(/jwks","dpop_signing_alg_values_supported":["ES256"]})");
        }
        std::lock_guard lock(mutex);
        std::string proof;
        for (const auto& [k, v] : request.headers) if (k == "DPoP") proof = v;
        proofs.push_back(proof);
        if (alwaysNewNonce || (!nonce.empty() && proofNonce(proof) != nonce)) {
            HttpResponse response = jsonResponse(400, R"({"error":"use_dpop_nonce"})");
            response.headers.emplace_back("DPoP-Nonce", alwaysNewNonce ? "n" + std::to_string(++counter) : nonce);
            return response;
        }
        return jsonResponse(200, std::string(R"({"access_token":")") + accessToken + R"(","token_type":")" + (proof.empty() ? "Bearer" : "DPoP") +
                                     R"(","refresh_token":"rt2","expires_in":60})");
    }
};

struct Fixture {
    ScriptedTokenEndpoint server;
    FakeTransport transport{[this](const HttpRequest& r) { return server.handle(r); }};
    Discovery discovery{transport, dpopIssuer};
    TokenClient client{transport, discovery, "desktop"};
    DpopKey key = DpopKey::generate();
};

}  // namespace

TEST(TokenClientDpop, ExchangeCarriesAProofAndTheKeyComesBackWithTheTokens) {
    Fixture f;
    const TokenSet tokens = f.client.exchangeCode("code", "verifier", "http://127.0.0.1:8001/callback", &f.key);
    ASSERT_EQ(f.server.proofs.size(), 1u);
    EXPECT_FALSE(f.server.proofs[0].empty());
    EXPECT_EQ(tokens.tokenType, "DPoP");
    EXPECT_EQ(DpopKey::fromPem(tokens.dpopKey).thumbprint(), f.key.thumbprint());
}

TEST(TokenClientDpop, WithoutAKeyNothingChanges) {
    Fixture f;
    const TokenSet tokens = f.client.refresh("rt", nullptr);
    ASSERT_EQ(f.server.proofs.size(), 1u);
    EXPECT_TRUE(f.server.proofs[0].empty());
    EXPECT_EQ(tokens.tokenType, "Bearer");
    EXPECT_TRUE(tokens.dpopKey.empty());
}

TEST(TokenClientDpop, NonceChallengeIsRetriedOnceAndTheNonceIsKept) {
    Fixture f;
    f.server.nonce = "server-nonce-1";
    EXPECT_EQ(f.client.refresh("rt", &f.key).tokenType, "DPoP");
    ASSERT_EQ(f.server.proofs.size(), 2u);
    EXPECT_EQ(proofNonce(f.server.proofs[0]), "");
    EXPECT_EQ(proofNonce(f.server.proofs[1]), "server-nonce-1");
    // The next request sends the remembered nonce at once.
    f.client.refresh("rt2", &f.key);
    ASSERT_EQ(f.server.proofs.size(), 3u);
    EXPECT_EQ(proofNonce(f.server.proofs[2]), "server-nonce-1");
}

// A server that answers every proof with a new nonce gets one retry, and the refresh is a server
// error, not the end of the session.
TEST(TokenClientDpop, NonceLoopIsRefusedAfterOneRetry) {
    Fixture f;
    f.server.alwaysNewNonce = true;
    try {
        f.client.refresh("rt", &f.key);
        FAIL() << "accepted";
    } catch (const LoginRequired&) {
        FAIL() << "a nonce loop ended the session";
    } catch (const ServerError& e) {
        EXPECT_EQ(e.code(), "use_dpop_nonce");
    }
    EXPECT_EQ(f.server.proofs.size(), 2u);
    EXPECT_THROW(f.client.exchangeCode("c", "v", "http://127.0.0.1:8001/callback", &f.key), ServerError);
    EXPECT_EQ(f.server.proofs.size(), 4u);
}

// A hostile server: token_type DPoP, but its JWT access token is bound to another key.
TEST(TokenClientDpop, ATokenBoundToAnotherKeyIsRefused) {
    Fixture f;
    const auto jwt = [](const std::string& payload) { return base64url::encode(std::string("{}")) + "." + base64url::encode(payload) + ".sig"; };
    f.server.accessToken = jwt(R"({"sub":"x","cnf":{"jkt":")" + DpopKey::generate().thumbprint() + R"("}})");
    try {
        f.client.exchangeCode("c", "v", "http://127.0.0.1:8001/callback", &f.key);
        FAIL() << "accepted";
    } catch (const ProtocolError& e) {
        EXPECT_EQ(e.code(), "dpop_binding_mismatch");
    }
    // Bound to our key, or opaque: accepted.
    f.server.accessToken = jwt(R"({"sub":"x","cnf":{"jkt":")" + f.key.thumbprint() + R"("}})");
    EXPECT_EQ(f.client.exchangeCode("c", "v", "http://127.0.0.1:8001/callback", &f.key).tokenType, "DPoP");
    f.server.accessToken = "opaque-token";
    EXPECT_EQ(f.client.exchangeCode("c", "v", "http://127.0.0.1:8001/callback", &f.key).tokenType, "DPoP");
}
