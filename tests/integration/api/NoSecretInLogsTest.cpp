// Local attack surface: with every log at trace level, a whole session of the desktop core against
// the real servers (loopback login through the real authorization server, a refresh, API calls to
// the real deskauth-api including one with a rejected access token, so that 401 -> refresh -> retry
// runs too, and a logout) leaves no secret in any log line, neither the app's nor the API's: not
// the access, refresh or ID tokens, the authorization code, the PKCE verifier or the password.
#include "ApiProcess.h"

#include "config/Configuration.h"
#include "http/ApiClient.h"
#include "http/HttpClient.h"
#include "http/PocoHttpTransport.h"
#include "log/Log.h"
#include "session/Authenticator.h"
#include "storage/MemoryTokenStore.h"
#include "support/AuthServerProcess.h"
#include "support/TestBrowser.h"
#include "support/TestPaths.h"

#include <Poco/URI.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>

using namespace deskauth;
using namespace deskauth::test;

namespace {

const std::string password = "Alice-Pass-1";

// Plays the user's browser (TestBrowser) on its own thread, as the OS would start one.
class SigningInBrowser final : public BrowserLauncher {
public:
    ~SigningInBrowser() override { join(); }
    void open(const std::string& url) override {
        thread_ = std::thread([this, url] { result = TestBrowser().signIn(url, "alice", password); });
    }
    void join() {
        if (thread_.joinable()) thread_.join();
    }
    BrowserResult result;

private:
    std::thread thread_;
};

// Passes every request on and keeps the bodies it sent, so the test learns the PKCE verifier that
// went to the token endpoint (it never leaves the process otherwise).
class RecordingTransport final : public HttpTransport {
public:
    explicit RecordingTransport(HttpTransport& inner) : inner_(inner) {}
    HttpResponse send(const HttpRequest& request) override {
        {
            std::lock_guard lock(mutex_);
            bodies_.push_back(request.body);
        }
        return inner_.send(request);
    }
    std::string formField(const std::string& name) {
        std::lock_guard lock(mutex_);
        for (const auto& body : bodies_) {
            for (const auto& [field, value] : Poco::URI("/?" + body).getQueryParameters()) {
                if (field == name) return value;
            }
        }
        return {};
    }

private:
    HttpTransport& inner_;
    std::mutex mutex_;
    std::vector<std::string> bodies_;
};

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST(NoSecretInLogs, AWholeSessionAtTraceLevelLogsNoTokenCodeVerifierOrPassword) {
    AuthServerProcess authServer;
    ApiProcess api({"--issuer", authServer.issuer(), "--log-level", "trace"});
    const Configuration config = Configuration::parse(
        desktopConfigJson(authServer.issuer(), api.baseUrl() + "/api", 18241, 18243), "test.json", sourceDir());
    const std::string logFile = "/tmp/deskauth-secrets-" + std::to_string(::getpid()) + ".log";
    log::configure("trace", logFile);

    PocoHttpTransport network{TransportSettings{config.tls.extraCaFile}};
    RecordingTransport transport(network);
    MemoryTokenStore store;
    SigningInBrowser browser;
    std::vector<TokenSet> sessions;
    {
        Authenticator auth(config, transport, store, browser);
        std::promise<std::exception_ptr> done;
        auth.startLogin([&](std::exception_ptr error) { done.set_value(error); });
        auto finished = done.get_future();
        ASSERT_EQ(finished.wait_for(std::chrono::seconds(30)), std::future_status::ready) << "login did not complete";
        browser.join();
        ASSERT_EQ(finished.get(), nullptr);
        sessions.push_back(*store.load());

        HttpClient http(transport, auth);
        ApiClient client(http, config.api.baseUrl);
        EXPECT_EQ(client.userInfo().name, "Alice Smith");
        auth.refreshAccessToken(auth.accessToken());
        sessions.push_back(*store.load());
        auth.expireAccessToken();
        EXPECT_FALSE(client.companies().empty()) << "401, one refresh, one retry";
        sessions.push_back(*store.load());
        auth.logout();
    }
    log::configure("warning");  // closes the file channel
    const std::string appLog = readFile(logFile);
    std::remove(logFile.c_str());
    api.stop();
    const std::string apiLog = api.log();

    EXPECT_NE(appLog.find("login completed"), std::string::npos) << "the app's log was written";
    EXPECT_NE(appLog.find("refreshing the access token and retrying"), std::string::npos);
    EXPECT_NE(apiLog.find("status=200"), std::string::npos) << "the API logged its requests";
    std::vector<std::pair<std::string, std::string>> secrets;
    for (const auto& tokens : sessions) {
        secrets.emplace_back("access token", tokens.accessToken);
        secrets.emplace_back("refresh token", tokens.refreshToken);
        secrets.emplace_back("ID token", tokens.idToken);
    }
    for (const auto& [name, value] : Poco::URI(browser.result.redirectUrl).getQueryParameters()) {
        if (name == "code") secrets.emplace_back("authorization code", value);
    }
    ASSERT_EQ(secrets.back().first, "authorization code") << browser.result.redirectUrl;
    secrets.emplace_back("PKCE verifier", transport.formField("code_verifier"));
    secrets.emplace_back("password", password);
    EXPECT_GE(transport.formField("code_verifier").size(), 43U) << "RFC 7636 §4.1: a verifier was sent";
    for (const auto& [what, secret] : secrets) {
        ASSERT_FALSE(secret.empty()) << what;
        // The whole secret, and its first 16 characters (a token cut short in a log is still a leak).
        for (const std::string& needle : {secret, secret.substr(0, std::min<std::size_t>(secret.size(), 16))}) {
            EXPECT_EQ(appLog.find(needle), std::string::npos) << what << " in the app's log";
            EXPECT_EQ(apiLog.find(needle), std::string::npos) << what << " in the API's log";
        }
    }
}
