// The device authorization grant's client side (RFC 8628) against a scripted token endpoint:
// the interval of §3.2, the §3.5 answers (authorization_pending, slow_down, access_denied,
// expired_token), expiry, cancellation and back-off. No real sleeping: the wait is recorded.
#include "errors/Errors.h"
#include "oauth/DeviceAuthorization.h"
#include "oauth/Discovery.h"
#include "oauth/TokenClient.h"
#include "support/FakeTransport.h"
#include "support/LoginHelpers.h"

#include <gtest/gtest.h>

#include <deque>
#include <mutex>

using namespace deskauth;
using namespace deskauth::test;
using namespace std::chrono_literals;

namespace {

constexpr const char* discoveryJson =
    R"({"issuer":"https://login.example.com","authorization_endpoint":"https://login.example.com/auth",
        "token_endpoint":"https://login.example.com/token","jwks_uri":"https://login.example.com/jwks",
        "device_authorization_endpoint":"https://login.example.com/device/auth"})";

std::string messageOf(std::exception_ptr error) {
    try {
        if (error) std::rethrow_exception(error);
    } catch (const Error& e) {
        return e.userMessage();
    }
    return "";
}

HttpResponse oauthError(const std::string& code) { return jsonResponse(400, R"({"error":")" + code + R"("})"); }
HttpResponse tokens() {
    return jsonResponse(200, R"({"access_token":"at","token_type":"Bearer","expires_in":300,"refresh_token":"rt","id_token":"x.y.z"})");
}

// A sign-in server whose token endpoint answers the queued responses in order.
struct ScriptedServer {
    std::string discovery = discoveryJson;
    std::string deviceAuthorization =
        R"({"device_code":"dc-secret","user_code":"WDJB-MJHT","verification_uri":"https://login.example.com/device",
            "verification_uri_complete":"https://login.example.com/device?user_code=WDJB-MJHT","expires_in":600,"interval":5})";
    std::deque<std::function<HttpResponse()>> tokenAnswers;
    std::vector<std::string> tokenRequests;
    std::vector<std::string> deviceRequests;
    std::mutex mutex;

    HttpResponse handle(const HttpRequest& request) {
        std::lock_guard lock(mutex);
        if (request.url.find("/.well-known/openid-configuration") != std::string::npos) return jsonResponse(200, discovery);
        if (request.url == "https://login.example.com/device/auth") {
            deviceRequests.push_back(request.body);
            return jsonResponse(200, deviceAuthorization);
        }
        if (request.url == "https://login.example.com/token") {
            tokenRequests.push_back(request.body);
            if (tokenAnswers.empty()) return oauthError("authorization_pending");
            auto answer = tokenAnswers.front();
            tokenAnswers.pop_front();
            return answer();
        }
        return jsonResponse(404, "{}");
    }
};

struct DeviceCodeFlow : ::testing::Test {
    ScriptedServer server;
    FakeTransport transport{[this](const HttpRequest& r) { return server.handle(r); }};
    Discovery discovery{transport, "https://login.example.com"};
    TokenClient tokenClient{transport, discovery, "deskauth-desktop"};
    std::chrono::steady_clock::time_point now{};
    std::vector<long long> waits;  // milliseconds asked for, in order
    DeviceAuthorization device{tokenClient, [this] { return now; }};
    // Time passes by exactly what poll() waits.
    DeviceAuthorization::Wait wait = [this](std::chrono::milliseconds d) {
        waits.push_back(d.count());
        now += d;
        return true;
    };

    // The error poll() ended with (rethrown by the caller to look at it), or nullptr.
    std::exception_ptr pollError(const DeviceCodeGrant& g) {
        try {
            device.poll(g, wait);
            return nullptr;
        } catch (...) {
            return std::current_exception();
        }
    }

    DeviceCodeGrant grant(std::chrono::seconds interval = 5s, std::chrono::seconds expiresIn = 600s) {
        DeviceCodeGrant g;
        g.deviceCode = "dc-secret";
        g.userCode = "WDJB-MJHT";
        g.verificationUri = "https://login.example.com/device";
        g.interval = interval;
        g.expiresIn = expiresIn;
        return g;
    }
};

}  // namespace

TEST_F(DeviceCodeFlow, RequestsACodeWithTheClientAndScopes) {
    const DeviceCodeGrant g = tokenClient.requestDeviceCode({"openid", "offline_access"});
    EXPECT_EQ(g.deviceCode, "dc-secret");
    EXPECT_EQ(g.userCode, "WDJB-MJHT");
    EXPECT_EQ(g.verificationUri, "https://login.example.com/device");
    EXPECT_EQ(g.verificationUriComplete, "https://login.example.com/device?user_code=WDJB-MJHT");
    EXPECT_EQ(g.expiresIn, 600s);
    EXPECT_EQ(g.interval, 5s);
    ASSERT_EQ(server.deviceRequests.size(), 1u);
    EXPECT_EQ(server.deviceRequests[0], "client_id=deskauth-desktop&scope=openid%20offline_access");
}

// RFC 8707: the resource indicators go with the device authorization request and again with each
// poll of the token endpoint, as with the authorization request and the code exchange.
TEST_F(DeviceCodeFlow, NamesTheConfiguredResourcesOnTheDeviceRequestAndEachPoll) {
    TokenClient withResource{transport, discovery, "deskauth-desktop", {"https://api.example.com/", "urn:example:reports"}};
    const DeviceCodeGrant g = withResource.requestDeviceCode({"openid"});
    ASSERT_EQ(server.deviceRequests.size(), 1u);
    EXPECT_EQ(server.deviceRequests[0],
              "client_id=deskauth-desktop&scope=openid&resource=https%3A%2F%2Fapi.example.com%2F&resource=urn%3Aexample%3Areports");
    server.tokenAnswers.push_back(tokens);
    DeviceAuthorization(withResource, [this] { return now; }).poll(g, wait);
    ASSERT_EQ(server.tokenRequests.size(), 1u);
    EXPECT_NE(server.tokenRequests[0].find("&resource=https%3A%2F%2Fapi.example.com%2F&resource=urn%3Aexample%3Areports"),
              std::string::npos)
        << server.tokenRequests[0];
}

TEST_F(DeviceCodeFlow, IntervalDefaultsToFiveSecondsWhenTheServerGivesNone) {
    server.deviceAuthorization = R"({"device_code":"d","user_code":"U","verification_uri":"https://login.example.com/device","expires_in":60})";
    EXPECT_EQ(tokenClient.requestDeviceCode({"openid"}).interval, 5s);  // RFC 8628 §3.2
}

TEST_F(DeviceCodeFlow, RefusesALifetimeOrIntervalNoPersonWouldWaitFor) {
    for (const char* times : {R"("expires_in":9000000000000000000)", R"("expires_in":90000)",
                              R"("expires_in":600,"interval":3601)", R"("expires_in":600,"interval":9000000000000000000)"}) {
        server.deviceAuthorization = std::string(R"({"device_code":"d","user_code":"U","verification_uri":"https://login.example.com/device",)") +
                                     times + "}";
        try {
            tokenClient.requestDeviceCode({"openid"});
            ADD_FAILURE() << "accepted " << times;
        } catch (const ProtocolError& e) {
            EXPECT_EQ(e.code(), "invalid_device_authorization_response") << times;
        }
    }
}

TEST_F(DeviceCodeFlow, RefusesAVerificationUriThatIsNotHttps) {
    server.deviceAuthorization = R"({"device_code":"d","user_code":"U","verification_uri":"http://evil.example/device","expires_in":60})";
    try {
        tokenClient.requestDeviceCode({"openid"});
        FAIL() << "an http verification URI was accepted";
    } catch (const ProtocolError& e) {
        EXPECT_EQ(e.code(), "invalid_device_authorization_response");
    }
}

TEST_F(DeviceCodeFlow, ServerWithoutDeviceEndpointIsUnsupported) {
    server.discovery = R"({"issuer":"https://login.example.com","authorization_endpoint":"https://login.example.com/auth",
        "token_endpoint":"https://login.example.com/token","jwks_uri":"https://login.example.com/jwks"})";
    try {
        tokenClient.requestDeviceCode({"openid"});
        FAIL() << "no error";
    } catch (const ProtocolError& e) {
        EXPECT_EQ(e.code(), "device_flow_unsupported");
    }
}

TEST_F(DeviceCodeFlow, PollsAtTheServersIntervalUntilApproved) {
    server.tokenAnswers = {[] { return oauthError("authorization_pending"); },
                           [] { return oauthError("authorization_pending"); }, tokens};
    const TokenSet result = device.poll(grant(3s), wait);
    EXPECT_EQ(result.accessToken, "at");
    EXPECT_EQ(result.refreshToken, "rt");
    EXPECT_EQ(waits, (std::vector<long long>{3000, 3000, 3000}));  // §3.4: also before the first poll
    ASSERT_EQ(server.tokenRequests.size(), 3u);
    EXPECT_EQ(server.tokenRequests[0],
              "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=dc-secret&client_id=deskauth-desktop");
}

TEST_F(DeviceCodeFlow, SlowDownAddsFiveSecondsToEveryLaterWait) {
    server.tokenAnswers = {[] { return oauthError("slow_down"); }, [] { return oauthError("authorization_pending"); },
                           [] { return oauthError("slow_down"); }, tokens};
    device.poll(grant(5s), wait);
    EXPECT_EQ(waits, (std::vector<long long>{5000, 10000, 10000, 15000}));  // RFC 8628 §3.5
}

TEST_F(DeviceCodeFlow, ExpiredTokenEndsThePollWithItsOwnError) {
    server.tokenAnswers = {[] { return oauthError("authorization_pending"); }, [] { return oauthError("expired_token"); }};
    const auto error = pollError(grant());
    EXPECT_EQ(codeOf(error), "expired_token");
    EXPECT_NE(messageOf(error).find("has expired"), std::string::npos);
    EXPECT_EQ(server.tokenRequests.size(), 2u);
}

TEST_F(DeviceCodeFlow, AccessDeniedEndsThePoll) {
    server.tokenAnswers = {[] { return oauthError("access_denied"); }};
    const auto error = pollError(grant());
    EXPECT_EQ(codeOf(error), "access_denied");
    EXPECT_EQ(messageOf(error), "The sign-in was declined on the other device.");
    EXPECT_EQ(server.tokenRequests.size(), 1u);
}

TEST_F(DeviceCodeFlow, OtherTokenEndpointErrorsAreNotRetried) {
    server.tokenAnswers = {[] { return oauthError("invalid_grant"); }};
    EXPECT_EQ(codeOf(pollError(grant())), "invalid_grant");
    EXPECT_EQ(server.tokenRequests.size(), 1u);
}

TEST_F(DeviceCodeFlow, CodeThatExpiresWithoutAnAnswerStopsPollingLocally) {
    EXPECT_THROW(device.poll(grant(5s, 12s), wait), TimedOut);
    EXPECT_EQ(server.tokenRequests.size(), 2u);  // at 5 s and 10 s; at 15 s the code is gone
}

TEST_F(DeviceCodeFlow, CancelledWaitStopsWithoutAnotherRequest) {
    int calls = 0;
    const DeviceAuthorization::Wait cancelSecond = [&](std::chrono::milliseconds) { return ++calls < 2; };
    EXPECT_THROW(device.poll(grant(), cancelSecond), Cancelled);
    EXPECT_EQ(server.tokenRequests.size(), 1u);
}

TEST_F(DeviceCodeFlow, UnreachableTokenEndpointBacksOffThenGoesOn) {
    server.tokenAnswers = {[]() -> HttpResponse { throw NetworkError("offline", "connection refused"); },
                           []() -> HttpResponse { throw NetworkError("offline", "connection refused"); }, tokens};
    EXPECT_EQ(device.poll(grant(5s), wait).accessToken, "at");
    EXPECT_EQ(waits, (std::vector<long long>{5000, 10000, 20000}));  // §3.5: exponential back-off
}
