#pragma once
// An authorization server for the API's unit tests, answered in memory: discovery, JWKS (from
// test keys, replaceable to simulate rotation) and introspection (a function). Can be "down".
// Counts requests per endpoint. The handler may run on several threads.
#include "errors/Errors.h"
#include "support/FakeTransport.h"
#include "support/TestKeys.h"

#include <Poco/JWT/Token.h>

#include <atomic>
#include <ctime>
#include <functional>
#include <mutex>
#include <string>

namespace deskauth::api::test {

inline const std::string kIssuer = "https://login.example.com";
inline const std::string kAudience = "urn:deskauth:api";

class FakeIssuer {
public:
    FakeIssuer() : transport([this](const HttpRequest& request) { return answer(request); }) {}

    void setJwks(std::string jwks) {
        std::lock_guard lock(mutex_);
        jwks_ = std::move(jwks);
    }

    std::atomic<bool> down{false};
    std::atomic<int> discoveryRequests{0};
    std::atomic<int> jwksRequests{0};
    std::atomic<int> introspectionRequests{0};
    std::function<HttpResponse(const HttpRequest&)> introspection;
    bool offersIntrospection = true;
    deskauth::test::FakeTransport transport;

private:
    HttpResponse answer(const HttpRequest& request) {
        if (down) throw NetworkError("The server at login.example.com:443 is not reachable.", "connection refused");
        if (request.url == kIssuer + "/.well-known/openid-configuration") {
            ++discoveryRequests;
            std::string body = R"({"issuer":")" + kIssuer + R"(","authorization_endpoint":")" + kIssuer +
                               R"(/auth","token_endpoint":")" + kIssuer + R"(/token","jwks_uri":")" + kIssuer + "/jwks\"";
            if (offersIntrospection) body += R"(,"introspection_endpoint":")" + kIssuer + "/token/introspection\"";
            return deskauth::test::jsonResponse(200, body + "}");
        }
        if (request.url == kIssuer + "/jwks") {
            ++jwksRequests;
            std::lock_guard lock(mutex_);
            return deskauth::test::jsonResponse(200, jwks_);
        }
        if (request.url == kIssuer + "/token/introspection" && introspection) {
            ++introspectionRequests;
            return introspection(request);
        }
        return deskauth::test::jsonResponse(404, "{}");
    }

    std::mutex mutex_;
    std::string jwks_ = R"({"keys":[]})";
};

// The claims of a good access token for the API (RFC 9068), valid for five minutes from `now`.
inline Poco::JWT::Token accessTokenClaims(std::time_t now = std::time(nullptr)) {
    Poco::JWT::Token token;
    token.setType("at+jwt");
    token.payload().set("iss", kIssuer);
    token.payload().set("aud", kAudience);
    token.payload().set("sub", "user-alice");
    token.payload().set("client_id", "deskauth-desktop");
    token.payload().set("scope", "openid api.read");
    token.payload().set("name", "Alice Smith");
    Poco::JSON::Array::Ptr regions = new Poco::JSON::Array;
    regions->add("Europe");
    regions->add("USA");
    token.payload().set("regions", regions);
    token.payload().set("iat", static_cast<Poco::Int64>(now));
    token.payload().set("exp", static_cast<Poco::Int64>(now + 300));
    token.payload().set("jti", "jti-1");
    return token;
}

}  // namespace deskauth::api::test
