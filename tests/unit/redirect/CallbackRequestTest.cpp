#include "redirect/CallbackRequest.h"

#include <gtest/gtest.h>

using namespace deskauth;
using Verdict = CallbackRequest::Verdict;

namespace {

CallbackRequest classify(const std::string& method, const std::string& target, const std::string& host = "127.0.0.1:8001") {
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setHost(host);
    if (host.empty()) request.erase("Host");
    return CallbackRequest::classify(request, 8001, "/callback");
}

}  // namespace

TEST(CallbackRequest, ReadsTheQueryOfAGetOfTheCallbackPath) {
    const auto result = classify("GET", "/callback?code=c%2B1&state=s&iss=https%3A%2F%2Fx");
    ASSERT_EQ(result.verdict, Verdict::callback);
    EXPECT_EQ(result.query.at("code"), "c+1");
    EXPECT_EQ(result.query.at("state"), "s");
    EXPECT_EQ(result.query.at("iss"), "https://x");
}

TEST(CallbackRequest, RefusesOtherHostsPathsMethodsAndSizes) {
    EXPECT_EQ(classify("GET", "/callback?code=c", "localhost:8001").verdict, Verdict::badRequest);
    EXPECT_EQ(classify("GET", "/callback?code=c", "127.0.0.1:8002").verdict, Verdict::badRequest);
    EXPECT_EQ(classify("GET", "/favicon.ico").verdict, Verdict::notFound);
    EXPECT_EQ(classify("GET", "/callback/x?code=c").verdict, Verdict::notFound);
    EXPECT_EQ(classify("POST", "/callback?code=c").verdict, Verdict::methodNotAllowed);
    EXPECT_EQ(classify("GET", "/callback?code=" + std::string(CallbackRequest::maxQueryBytes, 'a')).verdict,
              Verdict::tooLarge);
}

// Found while writing the fuzz targets (tests/fuzz): a bad %-escape in the query threw
// Poco::SyntaxException out of the handler (a 500 from POCO) instead of a 400.
TEST(CallbackRequest, RefusesMalformedEscapesWithBadRequest) {
    for (const char* target : {"/callback?code=%zz&state=s", "/callback?code=%", "/callback?%4"}) {
        const auto result = classify("GET", target);
        EXPECT_EQ(result.verdict, Verdict::badRequest) << target;
        EXPECT_TRUE(result.query.empty()) << target;
    }
}

// Found while writing the fuzz targets (tests/fuzz): getHost() threw Poco::NotFoundException out of
// the handler for a request without a Host header.
TEST(CallbackRequest, RefusesARequestWithoutHost) {
    EXPECT_EQ(classify("GET", "/callback?code=c", "").verdict, Verdict::badRequest);
}

// RFC 6749 §3.1: a parameter must not repeat; which copy of `state` or `code` would we trust?
TEST(CallbackRequest, RefusesRepeatedParameters) {
    EXPECT_EQ(classify("GET", "/callback?code=a&state=s&code=b").verdict, Verdict::badRequest);
    EXPECT_EQ(classify("GET", "/callback?state=s&state=t&code=a").verdict, Verdict::badRequest);
}

// RFC 9112 §3.2: more than one Host field is a 400, even when the first one is ours.
TEST(CallbackRequest, RefusesTwoHostHeaders) {
    Poco::Net::HTTPRequest request("GET", "/callback?code=c&state=s", Poco::Net::HTTPMessage::HTTP_1_1);
    request.setHost("127.0.0.1:8001");
    request.add("Host", "127.0.0.1:8001");
    EXPECT_EQ(CallbackRequest::classify(request, 8001, "/callback").verdict, Verdict::badRequest);
}

TEST(CallbackRequest, ReadsARequestHeadAndRefusesOneThatDoesNotParse) {
    const auto ok = CallbackRequest::fromHead("GET /callback?state=s HTTP/1.1\r\nHost: 127.0.0.1:8001\r\n\r\n", 8001, "/callback");
    ASSERT_EQ(ok.verdict, Verdict::callback);
    EXPECT_EQ(ok.query.at("state"), "s");
    EXPECT_EQ(CallbackRequest::fromHead("GET\r\n\r\n", 8001, "/callback").verdict, Verdict::badRequest);
    EXPECT_EQ(CallbackRequest::fromHead("", 8001, "/callback").verdict, Verdict::badRequest);
}
