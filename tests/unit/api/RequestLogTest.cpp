// The one structured log line per request.
#include "RequestLog.h"

#include <gtest/gtest.h>

using namespace deskauth::api;
using namespace std::chrono;

TEST(RequestLog, OneKeyValueLineWithStatusTimeUserAndErrorId) {
    ApiResponse response;
    response.status = 503;
    response.userId = "user-alice";
    response.authSource = "jwt";
    response.errorId = "DA-ABC234";
    response.reason = "[network/network_error] The server is not reachable. | refused";
    const std::string line =
        RequestLog::format(ApiRequest{"GET", "/api/companies", "Bearer secret-token", 1}, response, microseconds(1500));
    EXPECT_EQ(line,
              "method=GET path=/api/companies status=503 ms=1.500 user=user-alice auth=jwt error_id=DA-ABC234 "
              "reason=\"[network/network_error] The server is not reachable. | refused\"");
}

TEST(RequestLog, NeverContainsTheTokenEvenWhenItIsInThePath) {
    const std::string jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLWFsaWNlIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    ApiResponse response;
    response.status = 404;
    const std::string line =
        RequestLog::format(ApiRequest{"GET", "/api/" + jwt, "Bearer " + jwt, 1}, response, microseconds(10));
    EXPECT_EQ(line.find(jwt), std::string::npos) << line;
    EXPECT_EQ(line.find("eyJzdWIi"), std::string::npos) << line;
}

TEST(RequestLog, QuotesAndCleansValuesSoEachRequestIsOneParsableLine) {
    ApiResponse response;
    response.reason = "a \"quoted\"\nsecond line";
    const std::string line =
        RequestLog::format(ApiRequest{"GET", "/a b", "", 0}, response, microseconds(0));
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_NE(line.find(R"(path="/a b")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"(reason="a \"quoted\"?second line")"), std::string::npos) << line;
    EXPECT_NE(line.find("user=- auth=- error_id=-"), std::string::npos) << line;
}

TEST(RequestLog, CutsOverlongValues) {
    ApiResponse response;
    const std::string line = RequestLog::format(ApiRequest{"GET", "/" + std::string(5000, 'x'), "", 0}, response,
                                                microseconds(0));
    EXPECT_LT(line.size(), 400u);
}
