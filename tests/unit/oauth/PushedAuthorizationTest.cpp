// RFC 9126: when a pushed authorization request is made, what the client accepts from the
// endpoint, and the URL the browser gets.
#include "oauth/PushedAuthorization.h"

#include <Poco/URI.h>
#include <gtest/gtest.h>

using namespace deskauth;

namespace {

ProviderMetadata metadata(const std::string& parEndpoint) {
    ProviderMetadata m;
    m.issuer = "https://login.example.com";
    m.authorizationEndpoint = "https://login.example.com/auth";
    m.pushedAuthorizationRequestEndpoint = parEndpoint;
    return m;
}

HttpResponse answer(int status, const std::string& body) {
    HttpResponse response;
    response.status = status;
    response.body = body;
    return response;
}

std::string codeOf(const HttpResponse& response) {
    try {
        PushedAuthorization::parse(response);
        return "(accepted)";
    } catch (const Error& e) {
        return e.code();
    }
}

}  // namespace

TEST(PushedAuthorization, UsedWhenAdvertisedUnlessOffAndRequiredRefusesAProviderWithout) {
    EXPECT_TRUE(PushedAuthorization::wanted(ParMode::IfSupported, metadata("https://login.example.com/par")));
    EXPECT_FALSE(PushedAuthorization::wanted(ParMode::IfSupported, metadata("")));
    EXPECT_FALSE(PushedAuthorization::wanted(ParMode::Off, metadata("https://login.example.com/par")));
    EXPECT_TRUE(PushedAuthorization::wanted(ParMode::Required, metadata("https://login.example.com/par")));
    EXPECT_THROW(PushedAuthorization::wanted(ParMode::Required, metadata("")), ParUnsupported);
}

TEST(PushedAuthorization, ReadsRequestUriAndLifetimeOfA201) {
    const auto pushed = PushedAuthorization::parse(
        answer(201, R"({"request_uri":"urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c","expires_in":60})"));
    EXPECT_EQ(pushed.requestUri, "urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c");
    EXPECT_EQ(pushed.expiresIn, std::chrono::seconds(60));
}

// §2.3: the endpoint's errors are OAuth errors, with the server's code.
TEST(PushedAuthorization, EndpointErrorsAreServerErrorsWithTheirCode) {
    try {
        PushedAuthorization::parse(answer(400, R"({"error":"invalid_request","error_description":"bad redirect_uri"})"));
        FAIL() << "accepted a 400";
    } catch (const ServerError& e) {
        EXPECT_EQ(e.code(), "invalid_request");
        EXPECT_EQ(e.httpStatus(), 400);
    }
    EXPECT_THROW(PushedAuthorization::parse(answer(500, "")), ServerError);
    // §2.2: success is 201 Created; a 200 is not what the RFC's endpoint answers.
    EXPECT_THROW(PushedAuthorization::parse(answer(200, R"({"request_uri":"urn:x:y","expires_in":60})")), ServerError);
}

TEST(PushedAuthorization, RefusesAMissingOversizedOrOddRequestUri) {
    EXPECT_EQ(codeOf(answer(201, R"({"expires_in":60})")), "invalid_par_response");
    EXPECT_EQ(codeOf(answer(201, R"({"request_uri":42,"expires_in":60})")), "invalid_par_response");
    EXPECT_EQ(codeOf(answer(201, R"({"request_uri":"","expires_in":60})")), "invalid_par_response");
    const std::string huge = "urn:ietf:params:oauth:request_uri:" + std::string(PushedAuthorization::maxRequestUriBytes, 'a');
    EXPECT_EQ(codeOf(answer(201, R"({"request_uri":")" + huge + R"(","expires_in":60})")), "invalid_par_response");
    for (const std::string odd : {"no-scheme-here", ":empty-scheme", "urn:", "1urn:digit-first",
                                  "urn:with space", "urn:tab\\there", "urn:new\\nline", "urn:quote\\\"d", "urn:\\u00e9"}) {
        EXPECT_EQ(codeOf(answer(201, R"({"request_uri":")" + odd + R"(","expires_in":60})")), "invalid_par_response")
            << odd;
    }
    EXPECT_EQ(codeOf(answer(201, "not json")), "invalid_par_response");
    EXPECT_EQ(codeOf(answer(201, "[]")), "invalid_par_response");
}

// §2.2: expires_in is REQUIRED; a lifetime of none or of hours is refused.
TEST(PushedAuthorization, RefusesAMissingOrAbsurdLifetime) {
    const std::string uri = R"("request_uri":"urn:ietf:params:oauth:request_uri:abc")";
    EXPECT_EQ(codeOf(answer(201, "{" + uri + "}")), "invalid_par_response");
    EXPECT_EQ(codeOf(answer(201, "{" + uri + R"(,"expires_in":"60"})")), "invalid_par_response");
    EXPECT_EQ(codeOf(answer(201, "{" + uri + R"(,"expires_in":0})")), "invalid_par_response");
    EXPECT_EQ(codeOf(answer(201, "{" + uri + R"(,"expires_in":-5})")), "invalid_par_response");
    EXPECT_EQ(codeOf(answer(201, "{" + uri + R"(,"expires_in":86400})")), "invalid_par_response");
    EXPECT_EQ(codeOf(answer(201, "{" + uri + R"(,"expires_in":3600})")), "(accepted)");
}

// §4: the browser gets client_id and request_uri, nothing else.
TEST(PushedAuthorization, BrowserUrlCarriesOnlyClientIdAndRequestUri) {
    PushedRequest pushed{"urn:ietf:params:oauth:request_uri:abc", std::chrono::seconds(60)};
    const Poco::URI url(PushedAuthorization::browserUrl(metadata("https://login.example.com/par"), "desk", pushed));
    EXPECT_EQ(url.getPath(), "/auth");
    const auto parameters = url.getQueryParameters();
    ASSERT_EQ(parameters.size(), 2u);
    EXPECT_EQ(parameters[0], (std::pair<std::string, std::string>{"client_id", "desk"}));
    EXPECT_EQ(parameters[1], (std::pair<std::string, std::string>{"request_uri", "urn:ietf:params:oauth:request_uri:abc"}));
}
