// The client against an authorization server that misbehaves on purpose (tests/support/
// HostileAuthServer), over real HTTPS on loopback, through the real Authenticator, loopback
// listener, transport and ID token validation. Each misbehaviour must end the login with a typed
// error and leave nothing in the token store; the well-behaved server must sign in, so every
// refusal below is the client's doing, not a broken test server.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "oauth/TokenClient.h"
#include "session/Authenticator.h"
#include "storage/MemoryTokenStore.h"
#include "support/HostileAuthServer.h"
#include "support/LocalHttpServer.h"
#include "support/TestPaths.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Message.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

using namespace deskauth;
using namespace deskauth::test;

namespace {

// The request deadline of the cases that test it (a server that drips its answer forever: the
// deadline passes however busy the machine is). Every other case gets one far beyond any answer's
// time, so that a loaded machine cannot turn a refusal into a timeout.
constexpr std::chrono::seconds slowLorisDeadline{3};
constexpr std::chrono::seconds generousDeadline{90};

TransportSettings transportSettings(std::chrono::seconds requestTimeout = generousDeadline) {
    TransportSettings settings;
    settings.extraCaFile = devCertsDir() + "/ca.pem";
    settings.connectTimeout = std::chrono::seconds(30);
    settings.requestTimeout = requestTimeout;
    return settings;
}

// Plays the browser: requests the authorization URL, and follows the server's redirect to the
// app's loopback listener (only that one redirect), on its own thread as a real browser would.
class RedirectingBrowser final : public BrowserLauncher {
public:
    ~RedirectingBrowser() override { join(); }
    void open(const std::string& url) override {
        threads_.emplace_back([this, url] {
            PocoHttpTransport transport(transportSettings());
            HttpResponse page;
            try {
                HttpResponse answer = transport.send(HttpRequest{"GET", url, {}, {}, {}, 0});
                if (answer.status == 302) page = transport.send(HttpRequest{"GET", answer.header("Location"), {}, {}, {}, 0});
            } catch (const Error& e) {
                page.body = e.what();
            }
            std::lock_guard lock(mutex_);
            pages_.push_back(page);
        });
    }
    void join() {
        for (auto& t : threads_) t.join();
        threads_.clear();
    }
    std::vector<HttpResponse> pages() {
        std::lock_guard lock(mutex_);
        return pages_;
    }

private:
    std::mutex mutex_;
    std::vector<std::thread> threads_;
    std::vector<HttpResponse> pages_;
};

// A server of another origin that only counts what reaches it: a redirect to it must not be followed.
class Witness {
public:
    Witness() : server_([this](const HttpRequest&) {
          ++requests_;
          return HttpResponse{200, {}, R"({"access_token":"stolen","token_type":"Bearer"})"};
      }) {}
    std::string url() const { return server_.url("/elsewhere"); }
    int requests() const { return requests_; }

private:
    std::atomic<int> requests_{0};
    LocalHttpServer server_;
};

class HostileLogin {
public:
    // `adjust` changes the configuration before the Authenticator is built.
    // `requestTimeout`: the transport's deadline per request.
    explicit HostileLogin(HostileAuthServer& server, const std::function<void(Configuration&)>& adjust = {},
                          std::chrono::seconds requestTimeout = generousDeadline)
        : config_(Configuration::parse(desktopConfigJson(server.issuer(), "https://127.0.0.1:1/api", 18401, 18403, 300),
                                       "hostile.json", sourceDir())),
          transport_(transportSettings(requestTimeout)) {
        if (adjust) adjust(config_);
        auth_ = std::make_unique<Authenticator>(config_, transport_, store_, browser_);
    }

    // Runs a login to its end: nullptr when signed in, else the error it ended with (a failure of
    // startLogin itself, e.g. discovery, included).
    std::exception_ptr run() {
        auto done = std::make_shared<std::promise<std::exception_ptr>>();
        try {
            auth_->startLogin([done](std::exception_ptr error) { done->set_value(error); });
        } catch (const Error&) {
            return std::current_exception();
        }
        auto future = done->get_future();
        if (future.wait_for(std::chrono::seconds(240)) != std::future_status::ready) {  // only a hang gets here
            ADD_FAILURE() << "the login did not end";
            auth_->cancelLogin();
        }
        browser_.join();
        return future.get();
    }

    Authenticator& auth() { return *auth_; }
    const Configuration& config() const { return config_; }
    PocoHttpTransport& transport() { return transport_; }
    MemoryTokenStore& store() { return store_; }
    RedirectingBrowser& browser() { return browser_; }

private:
    Configuration config_;
    PocoHttpTransport transport_;
    MemoryTokenStore store_;
    RedirectingBrowser browser_;
    std::unique_ptr<Authenticator> auth_;
};

// Keeps the messages logged under "deskauth" while it lives (the level is set to information).
class LogRecorder {
public:
    LogRecorder()
        : channel_(new Channel),
          previousChannel_(Poco::Logger::get("deskauth").getChannel()),
          previousLevel_(Poco::Logger::get("deskauth").getLevel()) {
        Poco::Logger::setChannel("deskauth", channel_);
        Poco::Logger::setLevel("deskauth", Poco::Message::PRIO_INFORMATION);
    }
    ~LogRecorder() {
        Poco::Logger::setChannel("deskauth", previousChannel_);
        Poco::Logger::setLevel("deskauth", previousLevel_);
    }
    bool contains(const std::string& text) {
        std::lock_guard lock(channel_->mutex);
        for (const auto& line : channel_->lines) {
            if (line.find(text) != std::string::npos) return true;
        }
        return false;
    }

private:
    struct Channel final : Poco::Channel {
        void log(const Poco::Message& message) override {
            std::lock_guard lock(mutex);
            lines.push_back(message.getText());
        }
        std::mutex mutex;
        std::vector<std::string> lines;
    };
    Poco::AutoPtr<Channel> channel_;
    Poco::Channel::Ptr previousChannel_;
    int previousLevel_;
};

struct Refusal {
    const char* name;
    Misbehaviour misbehaviour;
    ErrorKind kind;
    const char* code;
    const char* details;  // part of the log details naming the failed check
};

std::ostream& operator<<(std::ostream& out, const Refusal& refusal) { return out << refusal.name; }

class HostileServerRefusal : public ::testing::TestWithParam<Refusal> {};

void expectNothingKept(HostileLogin& login) {
    EXPECT_FALSE(login.store().load()) << "nothing may reach the token store";
    EXPECT_FALSE(login.auth().isSignedIn());
    EXPECT_FALSE(login.auth().user());
    EXPECT_FALSE(login.auth().loginInProgress());
}

}  // namespace

TEST(HostileServer, TheWellBehavedServerSignsInSoEveryRefusalIsTheClients) {
    HostileAuthServer server;
    HostileLogin login(server);
    ASSERT_EQ(login.run(), nullptr);
    auto stored = login.store().load();
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->accessToken.rfind("hostile-access-", 0), 0u);
    ASSERT_TRUE(login.auth().user());
    EXPECT_EQ(login.auth().user()->name, "Hostile User");
    EXPECT_EQ(server.requests("/token"), 1);
    EXPECT_EQ(server.requests("/userinfo"), 0) << "the ID token named the user: userinfo is not asked";
}

// Issue 21, item 5: a provider that gives the name only at its userinfo endpoint (OIDC Core §5.4)
// is asked for it, and the header shows it instead of "you".
TEST(HostileServer, ANameGivenOnlyByUserinfoIsShown) {
    HostileAuthServer server;
    server.misbehave(Misbehaviour::NameOnlyInUserinfo);
    HostileLogin login(server);
    ASSERT_EQ(login.run(), nullptr);
    ASSERT_TRUE(login.auth().user());
    EXPECT_EQ(login.auth().user()->subject, "hostile-user");
    EXPECT_EQ(login.auth().user()->name, "Userinfo Name");
    EXPECT_EQ(server.requests("/userinfo"), 1);
}

// OIDC Core §5.3.2: a userinfo answer about another subject than the ID token's must not be used:
// the sign-in stands (the ID token was valid), the name stays empty, the refusal is logged with an
// error ID.
TEST(HostileServer, AUserinfoAnswerForAnotherSubjectIsNotUsed) {
    HostileAuthServer server;
    server.misbehave(Misbehaviour::UserinfoOtherSubject);
    HostileLogin login(server);
    LogRecorder log;
    ASSERT_EQ(login.run(), nullptr);
    ASSERT_TRUE(login.auth().user());
    EXPECT_EQ(login.auth().user()->subject, "hostile-user");
    EXPECT_EQ(login.auth().user()->name, "") << "the other subject's name was shown";
    EXPECT_EQ(server.requests("/userinfo"), 1);
    EXPECT_TRUE(log.contains("/userinfo_subject_mismatch]: ")) << "logged with its error ID";
    EXPECT_TRUE(log.contains("names another subject than the ID token (OIDC Core §5.3.2)"));
}

TEST_P(HostileServerRefusal, IsRefusedWithATypedErrorAndNothingStored) {
    const Refusal& refusal = GetParam();
    HostileAuthServer server;
    Witness elsewhere;
    server.setElsewhere(elsewhere.url());
    server.misbehave(refusal.misbehaviour);
    HostileLogin login(server, {}, refusal.kind == ErrorKind::TimedOut ? slowLorisDeadline : generousDeadline);

    const std::exception_ptr error = login.run();
    ASSERT_NE(error, nullptr) << "the client accepted " << refusal.name;
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), refusal.kind) << toString(e.kind()) << ": " << e.what();
        EXPECT_EQ(e.code(), refusal.code) << e.what();
        EXPECT_NE(e.details().find(refusal.details), std::string::npos) << e.details();
        EXPECT_FALSE(e.id().empty());
    }
    expectNothingKept(login);
    EXPECT_EQ(elsewhere.requests(), 0) << "a redirect to another origin was followed";
}

// clang-format off
INSTANTIATE_TEST_SUITE_P(EachMisbehaviour, HostileServerRefusal, ::testing::Values(
    // RFC 9207 §2.4 (mix-up, RFC 9700 §4.4)
    Refusal{"MissingIss", Misbehaviour::MissingIss, ErrorKind::Protocol, "issuer_mismatch", "without iss"},
    Refusal{"WrongIss", Misbehaviour::WrongIss, ErrorKind::Protocol, "issuer_mismatch", "another issuer"},
    Refusal{"WrongIssUnadvertised", Misbehaviour::WrongIssUnadvertised, ErrorKind::Protocol, "issuer_mismatch", "another issuer"},
    // OIDC Core §3.1.3.7, RFC 8725 §3.1/§3.2
    Refusal{"IdTokenMissing", Misbehaviour::IdTokenMissing, ErrorKind::Protocol, "missing_id_token", "no id_token"},
    Refusal{"IdTokenAlgNone", Misbehaviour::IdTokenAlgNone, ErrorKind::Protocol, "invalid_id_token", "'none' is not allowed"},
    Refusal{"IdTokenHs256WithPublicKey", Misbehaviour::IdTokenHs256WithPublicKey, ErrorKind::Protocol, "invalid_id_token", "'HS256' is not allowed"},
    Refusal{"IdTokenWrongSignature", Misbehaviour::IdTokenWrongSignature, ErrorKind::Protocol, "invalid_id_token", "signature does not verify"},
    Refusal{"IdTokenUnknownKid", Misbehaviour::IdTokenUnknownKid, ErrorKind::Protocol, "invalid_id_token", "no signing key"},
    Refusal{"IdTokenWrongAudience", Misbehaviour::IdTokenWrongAudience, ErrorKind::Protocol, "invalid_id_token", "aud does not contain"},
    Refusal{"IdTokenWrongIssuer", Misbehaviour::IdTokenWrongIssuer, ErrorKind::Protocol, "invalid_id_token", "not the expected issuer"},
    Refusal{"IdTokenExpired", Misbehaviour::IdTokenExpired, ErrorKind::Protocol, "invalid_id_token", "expired"},
    Refusal{"IdTokenMissingNonce", Misbehaviour::IdTokenMissingNonce, ErrorKind::Protocol, "invalid_id_token", "nonce mismatch"},
    Refusal{"IdTokenAzpMismatch", Misbehaviour::IdTokenAzpMismatch, ErrorKind::Protocol, "invalid_id_token", "azp is another client"},
    // RFC 6749 §5.1
    Refusal{"TokenTypeMissing", Misbehaviour::TokenTypeMissing, ErrorKind::Protocol, "invalid_token_response", "token_type"},
    Refusal{"TokenTypeNotBearer", Misbehaviour::TokenTypeNotBearer, ErrorKind::Protocol, "invalid_token_response", "is not Bearer"},
    Refusal{"TokenExpiresInAbsurd", Misbehaviour::TokenExpiresInAbsurd, ErrorKind::Protocol, "invalid_token_response", "out of range"},
    // RFC 6749 §3.3: a scope the app needs, unticked at consent
    Refusal{"ScopeDroppedAtConsent", Misbehaviour::ScopeDroppedAtConsent, ErrorKind::Server, "scope_not_granted", "lacks api.read"},
    // RFC 9126 §2.2, §2.3: the pushed authorization request
    Refusal{"ParRefused400", Misbehaviour::ParRefused400, ErrorKind::Server, "invalid_request", "HTTP 400"},
    Refusal{"ParUnavailable503", Misbehaviour::ParUnavailable503, ErrorKind::Server, "server_error", "HTTP 503"},
    Refusal{"ParRequestUriHuge", Misbehaviour::ParRequestUriHuge, ErrorKind::Protocol, "invalid_par_response", "bytes (at most 512)"},
    Refusal{"ParRequestUriOdd", Misbehaviour::ParRequestUriOdd, ErrorKind::Protocol, "invalid_par_response", "not a URI"},
    Refusal{"ParExpiresInMissing", Misbehaviour::ParExpiresInMissing, ErrorKind::Protocol, "invalid_par_response", "expires_in missing"},
    // size and time limits
    Refusal{"TokenFieldHuge", Misbehaviour::TokenFieldHuge, ErrorKind::Network, "network_error", "over 65536 bytes"},
    Refusal{"TokenSlowLoris", Misbehaviour::TokenSlowLoris, ErrorKind::TimedOut, "timed_out", "no complete response within 3 s"},
    Refusal{"DiscoverySlowLoris", Misbehaviour::DiscoverySlowLoris, ErrorKind::TimedOut, "timed_out", "no complete response within 3 s"},
    Refusal{"DiscoveryOversized", Misbehaviour::DiscoveryOversized, ErrorKind::Network, "network_error", "over 131072 bytes"},
    Refusal{"JwksOversized", Misbehaviour::JwksOversized, ErrorKind::Network, "network_error", "over 262144 bytes"},
    // redirects are never followed (RFC 9700 §4.11)
    Refusal{"TokenRedirectsElsewhere", Misbehaviour::TokenRedirectsElsewhere, ErrorKind::Server, "server_error", "HTTP 302"},
    Refusal{"DiscoveryRedirectsElsewhere", Misbehaviour::DiscoveryRedirectsElsewhere, ErrorKind::Server, "discovery_failed", "HTTP 302"},
    Refusal{"JwksRedirectsElsewhere", Misbehaviour::JwksRedirectsElsewhere, ErrorKind::Server, "jwks_unavailable", "HTTP 302"},
    // discovery (OIDC Discovery §4.3, RFC 8414 §3.3, RFC 7636 §4.2)
    Refusal{"DiscoveryIssuerMismatch", Misbehaviour::DiscoveryIssuerMismatch, ErrorKind::Protocol, "discovery_issuer_mismatch", "not the configured authority"},
    Refusal{"DiscoveryIssuerTrailingSlash", Misbehaviour::DiscoveryIssuerTrailingSlash, ErrorKind::Protocol, "discovery_issuer_mismatch", "not the configured authority"},
    Refusal{"DiscoveryWithoutS256", Misbehaviour::DiscoveryWithoutS256, ErrorKind::Protocol, "pkce_unsupported", "S256"}),
    [](const ::testing::TestParamInfo<Refusal>& info) { return std::string(info.param.name); });
// clang-format on

// RFC 9126: a push the client refuses ends the sign-in before the browser opens; nothing of it
// reaches the authorization endpoint.
TEST(HostileServer, ARefusedPushOpensNoBrowser) {
    HostileAuthServer server;
    for (const auto misbehaviour : {Misbehaviour::ParRefused400, Misbehaviour::ParRequestUriOdd}) {
        server.misbehave(misbehaviour);
        HostileLogin login(server);
        ASSERT_NE(login.run(), nullptr);
        expectNothingKept(login);
    }
    EXPECT_EQ(server.requests("/par"), 2);
    EXPECT_EQ(server.requests("/authorize"), 0);
}

// Issue 21 item 5: a discovery issuer mismatch said "The sign-in response could not be trusted";
// it is a configuration or server problem, and when only a trailing '/' differs the message says
// what to write (OIDC Discovery §4.3 asks for an exact match, so the slash is not ignored).
TEST(HostileServer, ADiscoveryIssuerMismatchIsCalledAConfigurationOrServerProblem) {
    HostileAuthServer server;
    for (const auto misbehaviour : {Misbehaviour::DiscoveryIssuerMismatch, Misbehaviour::DiscoveryIssuerTrailingSlash}) {
        server.misbehave(misbehaviour);
        HostileLogin login(server);
        const std::exception_ptr error = login.run();
        ASSERT_NE(error, nullptr) << "the mismatching issuer was accepted";
        try {
            std::rethrow_exception(error);
        } catch (const IssuerMismatchError& e) {
            EXPECT_NE(e.userMessage().find("configuration or server problem"), std::string::npos) << e.userMessage();
            EXPECT_EQ(e.userMessage().find("could not be trusted"), std::string::npos) << e.userMessage();
            const std::string advice = "write \"" + server.issuer() + "/\" as oauth.authority";
            if (misbehaviour == Misbehaviour::DiscoveryIssuerTrailingSlash) {
                EXPECT_NE(e.userMessage().find(advice), std::string::npos) << e.userMessage();
            } else {
                EXPECT_EQ(e.userMessage().find("write \""), std::string::npos) << e.userMessage();
            }
        }
        expectNothingKept(login);
    }
}

// Issue 21 item 2: the provider starts signing with a key that the JWKS the app read moments
// before did not list; the first download counted against the 30 s refetch limit, so the ID token
// was refused as "could not be trusted" (the 30 s are the real clock's: the test runs well within them).
TEST(HostileServer, AKeyRotatedJustAfterTheFirstJwksDownloadIsFoundByOneRefetch) {
    HostileAuthServer server;
    HostileLogin login(server);
    ASSERT_EQ(login.run(), nullptr) << "the first sign-in, which downloads the JWKS";
    ASSERT_EQ(server.requests("/jwks"), 1);

    server.misbehave(Misbehaviour::KeyRotated);
    EXPECT_EQ(login.run(), nullptr) << "the ID token signed with the rotated key was refused";
    EXPECT_TRUE(login.auth().isSignedIn());
    EXPECT_EQ(server.requests("/jwks"), 2) << "one refetch for the new kid";
}

// Issue 21 (follow-up): the device flow's code request waits for the server like discovery does,
// and Cancel ends that wait at once, though the request's deadline (90 s) is beyond the test's
// limit: no code is shown and no poll starts.
TEST(HostileServer, CancelEndsADeviceCodeRequestThatIsNeverAnswered) {
    constexpr std::chrono::seconds testLimit{60};
    HostileAuthServer server;
    server.misbehave(Misbehaviour::DeviceCodeHangs);
    HostileLogin login(server);
    ASSERT_EQ(login.config().oauth.deviceFlow, DeviceFlow::Offered);
    std::atomic<bool> prompted{false};
    auto start = std::async(std::launch::async, [&] {
        login.auth().startDeviceLogin([&](const DeviceSignInPrompt&) { prompted = true; },
                                      [](std::exception_ptr) { ADD_FAILURE() << "no poll may start"; });
    });
    ASSERT_TRUE(server.waitForRequests("/device/auth", 1, testLimit)) << "the code request is under way";
    auto cancel = std::async(std::launch::async, [&] { login.auth().cancelLogin(); });
    ASSERT_EQ(cancel.wait_for(testLimit), std::future_status::ready) << "cancel returns at once";
    ASSERT_EQ(start.wait_for(testLimit), std::future_status::ready) << "the code request ended at once";
    EXPECT_THROW(start.get(), Cancelled);
    EXPECT_FALSE(prompted);
    EXPECT_FALSE(login.auth().loginInProgress());

    // The caller's own signal, fired before the start got going (the Cancel click came first):
    // no request at all.
    CancelSignal stop;
    stop.cancel();
    EXPECT_THROW(login.auth().startDeviceLogin([&](const DeviceSignInPrompt&) { prompted = true; },
                                               [](std::exception_ptr) { ADD_FAILURE() << "no poll may start"; }, &stop),
                 Cancelled);
    EXPECT_EQ(server.requests("/device/auth"), 1) << "no second code request";
    EXPECT_FALSE(prompted);
}

TEST(HostileServer, AReplayedIdTokenOfAnEarlierLoginIsRefused) {
    HostileAuthServer server;
    HostileLogin first(server);
    ASSERT_EQ(first.run(), nullptr) << "the first login's ID token is the one replayed";

    server.misbehave(Misbehaviour::IdTokenReplayed);
    HostileLogin second(server);
    const std::exception_ptr error = second.run();
    ASSERT_NE(error, nullptr) << "the replayed ID token was accepted";
    try {
        std::rethrow_exception(error);
    } catch (const ProtocolError& e) {
        EXPECT_EQ(e.code(), "invalid_id_token");
        // OIDC Core §3.1.2.1 / §15.5.2: a valid, correctly signed token, but bound to another login
        EXPECT_NE(e.details().find("nonce mismatch"), std::string::npos) << e.details();
    }
    expectNothingKept(second);
}

TEST(HostileServer, AResponseWithAForgedStateIsRefusedAndTheLoginKeepsWaiting) {
    HostileAuthServer server;
    server.misbehave(Misbehaviour::WrongState);
    HostileLogin login(server);
    auto done = std::make_shared<std::promise<std::exception_ptr>>();
    login.auth().startLogin([done](std::exception_ptr error) { done->set_value(error); });
    login.browser().join();

    // RFC 6749 §10.12: the listener answers the browser with the error; the code is not exchanged.
    const auto pages = login.browser().pages();
    ASSERT_EQ(pages.size(), 1u);
    EXPECT_EQ(pages[0].status, 400);
    EXPECT_NE(pages[0].body.find("unknown_state"), std::string::npos) << pages[0].body;
    EXPECT_EQ(server.requests("/token"), 0);
    EXPECT_TRUE(login.auth().loginInProgress()) << "a forged response must not end the real login";
    EXPECT_FALSE(login.store().load());

    login.auth().cancelLogin();
    auto future = done->get_future();
    // cancelLogin() tells the callback before it returns; the wait only guards against a hang.
    ASSERT_EQ(future.wait_for(std::chrono::seconds(120)), std::future_status::ready);
    EXPECT_THROW(std::rethrow_exception(future.get()), Cancelled);
    expectNothingKept(login);
}

TEST(HostileServer, UntrustedOrWrongHostCertificatesAreRefusedBeforeAnyRequest) {
    for (auto [certificate, name] : {std::pair{ServerCertificate::SelfSigned, "self-signed"},
                                     std::pair{ServerCertificate::WrongHost, "wrong-host"}}) {
        SCOPED_TRACE(name);
        HostileAuthServer server(certificate);
        HostileLogin login(server);
        const std::exception_ptr error = login.run();
        ASSERT_NE(error, nullptr);
        try {
            std::rethrow_exception(error);
        } catch (const NetworkError& e) {
            EXPECT_NE(e.userMessage().find("certificate"), std::string::npos) << e.what();
        }
        EXPECT_EQ(server.requests("/.well-known/openid-configuration"), 0) << "no HTTP request over a refused handshake";
        expectNothingKept(login);
    }
}

// Glewlwyd answers an expired, revoked or replayed refresh token with 400 and an empty body;
// others say 401. Either ends the session (forgotten, sign-in required), as invalid_grant does,
// instead of an error view at every start.
TEST(HostileServer, ARefreshRefusedWithoutInvalidGrantEndsTheSession) {
    for (auto [misbehaviour, name] : {std::pair{Misbehaviour::RefreshRefusedEmpty400, "400, empty body"},
                                      std::pair{Misbehaviour::RefreshRefused401, "401"}}) {
        SCOPED_TRACE(name);
        HostileAuthServer server;
        HostileLogin login(server);
        ASSERT_EQ(login.run(), nullptr);
        server.misbehave(misbehaviour);
        EXPECT_THROW(login.auth().refreshAccessToken(login.auth().accessToken()), LoginRequired);
        EXPECT_EQ(server.requests("/token"), 2);
        expectNothingKept(login);
    }
}

// A failing server is not a refusal: the error is reported and the session kept for a retry.
TEST(HostileServer, AServerFailureOnRefreshKeepsTheSession) {
    HostileAuthServer server;
    HostileLogin login(server);
    ASSERT_EQ(login.run(), nullptr);
    const std::string access = login.auth().accessToken();
    server.misbehave(Misbehaviour::RefreshUnavailable503);
    try {
        login.auth().refreshAccessToken(access);
        FAIL() << "the refresh succeeded";
    } catch (const ServerError& e) {
        EXPECT_EQ(e.httpStatus(), 503);
        EXPECT_FALSE(e.id().empty());
    }
    EXPECT_TRUE(login.auth().isSignedIn());
    ASSERT_TRUE(login.store().load());

    server.misbehave(Misbehaviour::None);  // the server is back: the same refresh token works
    EXPECT_NE(login.auth().refreshAccessToken(access), access);
}

// RFC 6749 §5.1, §6: a refresh answer without scope keeps the scope granted at sign-in.
TEST(HostileServer, ARefreshAnswerWithoutScopeKeepsTheStoredScope) {
    HostileAuthServer server;
    HostileLogin login(server);
    ASSERT_EQ(login.run(), nullptr);
    const std::string granted = login.store().load()->scope;
    ASSERT_EQ(granted, "openid profile email offline_access api.read");
    server.misbehave(Misbehaviour::RefreshWithoutScope);
    const std::string access = login.auth().accessToken();
    EXPECT_NE(login.auth().refreshAccessToken(access), access);
    ASSERT_TRUE(login.store().load());
    EXPECT_EQ(login.store().load()->scope, granted);
}

// Item 3 of issue 19: without a revocation_endpoint nothing is sent, so the log must not claim a
// revocation and Sign Out must not claim that the server ended the session.
TEST(HostileServer, SignOutWithoutARevocationEndpointIsNotReportedAsConfirmed) {
    HostileAuthServer server;
    server.misbehave(Misbehaviour::RevocationUnadvertised);
    HostileLogin login(server);
    ASSERT_EQ(login.run(), nullptr);
    LogRecorder log;
    const LogoutResult result = login.auth().logout();
    EXPECT_FALSE(result.serverConfirmed);
    EXPECT_EQ(server.requests("/revoke"), 0);
    EXPECT_FALSE(log.contains("refresh token revoked"));
    EXPECT_TRUE(log.contains("no revocation endpoint"));
    expectNothingKept(login);
}

// Glewlwyd refuses RFC 7009 revocation from a public client (401) but accepts the access token
// as Bearer. Refused: Sign Out says the server did not confirm, and indeed the refresh token still
// works there. With oauth.revocationAuth "bearer" the revocation is accepted and the token is dead.
TEST(HostileServer, ARevocationRefusedWith401IsNotConfirmedAndBearerAuthenticationIsAccepted) {
    HostileAuthServer server;
    server.misbehave(Misbehaviour::RevocationNeedsBearer);
    {
        HostileLogin login(server);
        ASSERT_EQ(login.run(), nullptr);
        const std::string refreshToken = login.store().load()->refreshToken;
        LogRecorder log;
        EXPECT_FALSE(login.auth().logout().serverConfirmed);
        EXPECT_EQ(server.requests("/revoke"), 1);
        EXPECT_FALSE(log.contains("refresh token revoked"));
        expectNothingKept(login);
        Discovery discovery(login.transport(), login.config().oauth.authority);
        TokenClient client(login.transport(), discovery, login.config().oauth.clientId);
        EXPECT_NO_THROW(client.refresh(refreshToken)) << "the refused revocation left the grant alive";
    }
    HostileLogin login(server, [](Configuration& config) { config.oauth.revocationAuth = RevocationAuth::Bearer; });
    ASSERT_EQ(login.run(), nullptr);
    const std::string refreshToken = login.store().load()->refreshToken;
    EXPECT_TRUE(login.auth().logout().serverConfirmed);
    EXPECT_EQ(server.requests("/revoke"), 2);
    expectNothingKept(login);
    Discovery discovery(login.transport(), login.config().oauth.authority);
    TokenClient client(login.transport(), discovery, login.config().oauth.clientId);
    EXPECT_THROW(client.refresh(refreshToken), LoginRequired) << "the revoked refresh token still works";
}
