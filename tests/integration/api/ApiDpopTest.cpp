// deskauth-api with DPoP-bound access tokens (RFC 9449) issued by the real development
// authorization server: the proof's key must be the one the token is bound to (cnf.jkt), and
// each stolen-token case is refused: the token as Bearer (§7.2), with another key's proof, a
// replayed proof (jti), a proof for another URL or method, a stale iat (the API's test clock).
#include "ApiProcess.h"
#include "ApiTokens.h"

#include "oauth/DpopKey.h"
#include "oauth/DpopProof.h"
#include "support/AuthServerProcess.h"

#include <gtest/gtest.h>

using namespace deskauth;
using namespace deskauth::test;

namespace {

class ApiDpop : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        authServer_ = new AuthServerProcess();
        key_ = new DpopKey(DpopKey::generate());
        TokenRequest request;
        request.dpop = key_;
        tokens_ = new TokenSet(signInForTokens(authServer_->issuer(), request));
    }
    static void TearDownTestSuite() {
        delete tokens_;
        delete key_;
        delete authServer_;
    }

    // A fresh API per test: the replay cache and the clock start clean.
    ApiProcess api{{"--issuer", authServer_->issuer(), "--test-endpoints"}};

    std::string proof(const std::string& method, const std::string& path, const DpopKey& key,
                      std::chrono::seconds age = std::chrono::seconds(0)) const {
        return makeDpopProof(key, {method, api.baseUrl() + path, tokens_->accessToken, ""},
                             std::chrono::system_clock::now() - age);
    }
    HttpResponse getWithDpop(const std::string& path, const std::string& dpopProof) const {
        return api.get(path, "", {{"Authorization", "DPoP " + tokens_->accessToken}, {"DPoP", dpopProof}});
    }

    static AuthServerProcess* authServer_;
    static DpopKey* key_;
    static TokenSet* tokens_;
};

AuthServerProcess* ApiDpop::authServer_ = nullptr;
DpopKey* ApiDpop::key_ = nullptr;
TokenSet* ApiDpop::tokens_ = nullptr;

}  // namespace

TEST_F(ApiDpop, TheServerBindsTheTokenAndTheApiAcceptsItWithItsProof) {
    ASSERT_EQ(tokens_->tokenType, "DPoP");
    const auto response = getWithDpop("/api/companies", proof("GET", "/api/companies", *key_));
    EXPECT_EQ(response.status, 200) << response.body;
}

TEST_F(ApiDpop, TheBoundTokenAsBearerIsRefused) {
    const auto response = api.get("/api/companies", tokens_->accessToken);
    EXPECT_EQ(response.status, 401);
    EXPECT_NE(response.body.find("invalid_token"), std::string::npos) << response.body;
}

TEST_F(ApiDpop, AProofFromAnotherKeyIsRefused) {
    const DpopKey thief = DpopKey::generate();
    const auto response = getWithDpop("/api/companies", proof("GET", "/api/companies", thief));
    EXPECT_EQ(response.status, 401);
    EXPECT_NE(response.header("WWW-Authenticate").find("DPoP"), std::string::npos);
}

TEST_F(ApiDpop, AReplayedProofIsRefused) {
    const std::string once = proof("GET", "/api/companies", *key_);
    EXPECT_EQ(getWithDpop("/api/companies", once).status, 200);
    const auto replay = getWithDpop("/api/companies", once);
    EXPECT_EQ(replay.status, 401);
    EXPECT_NE(replay.header("WWW-Authenticate").find("invalid_dpop_proof"), std::string::npos);
}

TEST_F(ApiDpop, AProofForAnotherUrlOrMethodIsRefused) {
    EXPECT_EQ(getWithDpop("/api/companies", proof("GET", "/api/userinfo", *key_)).status, 401);
    EXPECT_EQ(getWithDpop("/api/companies", proof("POST", "/api/companies", *key_)).status, 401);
}

TEST_F(ApiDpop, AStaleProofIsRefused) {
    const std::string made = proof("GET", "/api/companies", *key_);
    api.advanceClock(std::chrono::seconds(120));  // past the 60 s window, on the API's clock only
    const auto response = getWithDpop("/api/companies", made);
    EXPECT_EQ(response.status, 401);
    EXPECT_NE(response.header("WWW-Authenticate").find("invalid_dpop_proof"), std::string::npos);
}

TEST_F(ApiDpop, TheApiAsksForItsNonceWhenConfiguredTo) {
    ApiProcess withNonce({"--config", temporaryApiConfig(authServer_->issuer(), R"(, "dpopNonce": true)"), "--port", "0"},
                         false);
    const auto path = std::string("/api/companies");
    const auto first = withNonce.get(path, "", {{"Authorization", "DPoP " + tokens_->accessToken},
                                                {"DPoP", makeDpopProof(*key_, {"GET", withNonce.baseUrl() + path, tokens_->accessToken, ""},
                                                                       std::chrono::system_clock::now())}});
    ASSERT_EQ(first.status, 401);
    EXPECT_NE(first.header("WWW-Authenticate").find(R"(error="use_dpop_nonce")"), std::string::npos);
    const std::string nonce = first.header("DPoP-Nonce");
    ASSERT_FALSE(nonce.empty());
    const auto second = withNonce.get(path, "", {{"Authorization", "DPoP " + tokens_->accessToken},
                                                 {"DPoP", makeDpopProof(*key_, {"GET", withNonce.baseUrl() + path, tokens_->accessToken, nonce},
                                                                        std::chrono::system_clock::now())}});
    EXPECT_EQ(second.status, 200) << second.body;
}
