// DPoP (RFC 9449) sign-in and refresh against the real development authorization server, started
// per test with the DPoP setting the test needs (tools/authserver --dpop off|on|nonce).
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "oauth/Base64Url.h"
#include "oauth/DpopKey.h"
#include "oauth/TokenClient.h"
#include "session/Authenticator.h"
#include "storage/MemoryTokenStore.h"
#include "support/AuthServerProcess.h"
#include "support/JwtParts.h"
#include "support/LoginHelpers.h"
#include "support/QueryParameter.h"
#include "support/ScriptedBrowser.h"
#include "support/TestBrowser.h"
#include "support/TestPaths.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <future>
#include <mutex>

using namespace deskauth;
using namespace deskauth::test;

namespace {

// The real transport, recording what the token endpoint answered (status and OAuth error code).
class RecordingTransport final : public HttpTransport {
public:
    explicit RecordingTransport(TransportSettings settings) : real_(std::move(settings)) {}
    HttpResponse send(const HttpRequest& request) override {
        HttpResponse response = real_.send(request);
        if (request.url.find("/token") != std::string::npos && request.url.find("/revocation") == std::string::npos) {
            std::string error;
            try {
                auto body = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
                if (body->has("error")) error = body->getValue<std::string>("error");
            } catch (const Poco::Exception&) {
            }
            std::lock_guard lock(mutex_);
            tokenAnswers_.push_back(std::to_string(response.status) + (error.empty() ? "" : " " + error));
        }
        return response;
    }
    std::vector<std::string> tokenAnswers() {
        std::lock_guard lock(mutex_);
        return tokenAnswers_;
    }

private:
    PocoHttpTransport real_;
    std::mutex mutex_;
    std::vector<std::string> tokenAnswers_;
};

class DpopLogin : public ::testing::Test {
protected:
    void start(const std::string& dpop, DpopMode mode = DpopMode::IfSupported) {
        server = std::make_unique<AuthServerProcess>(std::vector<std::string>{"--dpop", dpop});
        config = Configuration::parse(desktopConfigJson(server->issuer(), "https://127.0.0.1:1/api", 18201, 18203),
                                      "test.json", sourceDir());
        config.oauth.dpop = mode;
        transport = std::make_unique<RecordingTransport>(TransportSettings{config.tls.extraCaFile});
        auth = std::make_unique<Authenticator>(config, *transport, store, browser);
    }
    std::exception_ptr login() {
        auto result = runLogin(*auth, browser);
        if (!result) ADD_FAILURE() << "login did not complete";
        return result.value_or(nullptr);
    }
    TokenClient otherClient() {
        static std::unique_ptr<Discovery> discovery;
        discovery = std::make_unique<Discovery>(*transport, config.oauth.authority);
        return TokenClient(*transport, *discovery, config.oauth.clientId);
    }

    std::unique_ptr<AuthServerProcess> server;
    Configuration config;
    std::unique_ptr<RecordingTransport> transport;
    MemoryTokenStore store;
    ScriptedBrowser browser;
    std::unique_ptr<Authenticator> auth;
};

}  // namespace

TEST_F(DpopLogin, SignInBindsTheTokensToTheKeyKeptInTheStore) {
    start("on");
    ASSERT_EQ(login(), nullptr);
    const auto saved = store.load();
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->tokenType, "DPoP");
    ASSERT_FALSE(saved->dpopKey.empty());
    const std::string thumbprint = DpopKey::fromPem(saved->dpopKey).thumbprint();
    // §6.1: the JWT access token for the API names the key; §10: so did the authorization request.
    const auto claims = jwtClaims(saved->accessToken);
    ASSERT_TRUE(claims->getObject("cnf")) << "no cnf in the access token";
    EXPECT_EQ(claims->getObject("cnf")->getValue<std::string>("jkt"), thumbprint);
    ASSERT_EQ(browser.urls.size(), 1u);
    EXPECT_EQ(queryParameter(browser.urls[0], "dpop_jkt"), thumbprint);
    EXPECT_EQ(transport->tokenAnswers(), std::vector<std::string>{"200"});
}

TEST_F(DpopLogin, RefreshNeedsTheKeyAndKeepsTheBinding) {
    start("on");
    ASSERT_EQ(login(), nullptr);
    const TokenSet before = *store.load();
    // The stolen refresh token: without the key, and with another key's proof.
    EXPECT_THROW(otherClient().refresh(before.refreshToken, nullptr), LoginRequired);
    const DpopKey thief = DpopKey::generate();
    EXPECT_THROW(otherClient().refresh(before.refreshToken, &thief), LoginRequired);
    // The session's own refresh, with the session's key, still works.
    const std::string fresh = auth->refreshAccessToken(before.accessToken);
    EXPECT_NE(fresh, before.accessToken);
    const TokenSet after = *store.load();
    EXPECT_EQ(after.tokenType, "DPoP");
    EXPECT_EQ(after.dpopKey, before.dpopKey) << "one key for the whole session";
    EXPECT_EQ(jwtClaims(after.accessToken)->getObject("cnf")->getValue<std::string>("jkt"),
              DpopKey::fromPem(after.dpopKey).thumbprint());
}

// §8: the server wants its nonce: the code exchange is retried exactly once, with it.
TEST_F(DpopLogin, ServerNonceIsFetchedWithExactlyOneRetry) {
    start("nonce");
    ASSERT_EQ(login(), nullptr);
    EXPECT_EQ(transport->tokenAnswers(), (std::vector<std::string>{"400 use_dpop_nonce", "200"}));
    EXPECT_EQ(store.load()->tokenType, "DPoP");
    // The refresh is made with a nonce already known: at most one more challenge (when the
    // server rotated it meanwhile), and it succeeds.
    auth->refreshAccessToken(store.load()->accessToken);
    const auto answers = transport->tokenAnswers();
    ASSERT_GE(answers.size(), 3u);
    EXPECT_EQ(answers.back(), "200");
    EXPECT_LE(answers.size(), 4u);
}

TEST_F(DpopLogin, RequiredRefusesAServerThatDoesNotBindTheTokens) {
    start("off", DpopMode::Required);
    const std::exception_ptr error = login();
    EXPECT_EQ(codeOf(error), "dpop_not_bound");
    EXPECT_FALSE(auth->isSignedIn());
    EXPECT_FALSE(store.load());
}

TEST_F(DpopLogin, IfSupportedStaysWithBearerWhenTheServerHasNoDpop) {
    start("off");
    ASSERT_EQ(login(), nullptr);
    EXPECT_EQ(store.load()->tokenType, "Bearer");
    EXPECT_TRUE(store.load()->dpopKey.empty());
    EXPECT_EQ(queryParameter(browser.urls[0], "dpop_jkt"), std::nullopt);
}

TEST_F(DpopLogin, OffSendsNoProofEvenToADpopServer) {
    start("on", DpopMode::Off);
    ASSERT_EQ(login(), nullptr);
    EXPECT_EQ(store.load()->tokenType, "Bearer");
    EXPECT_FALSE(jwtClaims(store.load()->accessToken)->has("cnf"));
}

// RFC 9449 §5 with RFC 8628 §3.4: the device code is exchanged with a proof, so a device sign-in's
// tokens are bound to its key too; the server's nonce (§8) is fetched with one retry and then
// sent with every later poll; the refresh keeps the binding.
TEST_F(DpopLogin, DeviceSignInBindsTheTokensAndFollowsTheServerNonce) {
    start("nonce");
    std::promise<DeviceSignInPrompt> shown;
    std::promise<std::exception_ptr> done;
    auth->startDeviceLogin([&](const DeviceSignInPrompt& prompt) { shown.set_value(prompt); },
                           [&](std::exception_ptr error) { done.set_value(error); });
    const DeviceSignInPrompt prompt = shown.get_future().get();
    TestBrowser otherDevice;
    otherDevice.approveDevice(prompt.verificationUri, prompt.userCode, "alice", "Alice-Pass-1");
    auto result = done.get_future();
    ASSERT_EQ(result.wait_for(std::chrono::seconds(60)), std::future_status::ready) << "the device login did not end";
    ASSERT_EQ(result.get(), nullptr);

    const auto saved = store.load();
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->tokenType, "DPoP");
    ASSERT_FALSE(saved->dpopKey.empty());
    EXPECT_EQ(jwtClaims(saved->accessToken)->getObject("cnf")->getValue<std::string>("jkt"),
              DpopKey::fromPem(saved->dpopKey).thumbprint());
    const auto answers = transport->tokenAnswers();
    ASSERT_GE(answers.size(), 2u);
    EXPECT_EQ(answers.front(), "400 use_dpop_nonce");
    EXPECT_EQ(answers.back(), "200");
    for (std::size_t i = 1; i < answers.size(); ++i) {
        EXPECT_FALSE(answers[i - 1] == "400 use_dpop_nonce" && answers[i] == "400 use_dpop_nonce")
            << "a nonce challenge is retried once, with the nonce";
    }
    EXPECT_EQ(server->stat("dpop_bound_grants"), 1);
    // The stolen refresh token does not work without the key; the session's own refresh does.
    EXPECT_THROW(otherClient().refresh(saved->refreshToken, nullptr), LoginRequired);
    EXPECT_NE(auth->refreshAccessToken(saved->accessToken), saved->accessToken);
    EXPECT_EQ(store.load()->tokenType, "DPoP");
}
