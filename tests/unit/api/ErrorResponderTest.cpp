// Error mapping: every failure becomes JSON {"code","message"} with the right status and
// challenge; server faults carry an error ID; details stay out of the body.
#include "ErrorResponder.h"
#include "HttpProblem.h"

#include "errors/Errors.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

using namespace deskauth;
using namespace deskauth::api;

namespace {

template <typename E>
ApiResponse respondTo(const E& error) {
    return ErrorResponder().respond(std::make_exception_ptr(error));
}

std::string header(const ApiResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
        if (key == name) return value;
    }
    return "(none)";
}

Poco::JSON::Object::Ptr bodyOf(const ApiResponse& response) {
    return Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

TEST(ErrorResponder, MissingTokenIsA401WithABareBearerChallenge) {
    const auto response = respondTo(HttpProblem::missingToken("no header"));
    EXPECT_EQ(response.status, 401);
    // RFC 6750 §3.1: no error code when the request had no credentials at all.
    EXPECT_EQ(header(response, "WWW-Authenticate"), R"(Bearer realm="deskauth-api")");
    EXPECT_EQ(bodyOf(response)->getValue<std::string>("code"), "missing_token");
}

TEST(ErrorResponder, InvalidTokenIsA401WithTheInvalidTokenChallenge) {
    const auto response = respondTo(HttpProblem::invalidToken("signature does not verify"));
    EXPECT_EQ(response.status, 401);
    EXPECT_NE(header(response, "WWW-Authenticate").find(R"(Bearer realm="deskauth-api", error="invalid_token")"),
              std::string::npos);
    EXPECT_EQ(response.body.find("signature"), std::string::npos) << "details are for the log only";
    EXPECT_NE(response.reason.find("signature does not verify"), std::string::npos);
    EXPECT_TRUE(response.errorId.empty());
}

TEST(ErrorResponder, MissingScopeIsA403NamingTheScope) {
    const auto response = respondTo(HttpProblem::insufficientScope("api.read"));
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(header(response, "WWW-Authenticate"),
              R"(Bearer realm="deskauth-api", error="insufficient_scope", scope="api.read")");
}

TEST(ErrorResponder, ClientErrorsHaveCodeAndMessageButNoErrorId) {
    for (const auto& problem : {HttpProblem::notFound("company 5 is outside the caller's regions"),
                                HttpProblem::badRequest("invalid_company_id", "The company id must be a number.")}) {
        const auto response = respondTo(problem);
        const auto body = bodyOf(response);
        EXPECT_EQ(body->size(), 2u) << response.body;
        EXPECT_TRUE(body->has("code"));
        EXPECT_TRUE(body->has("message"));
        EXPECT_EQ(response.body.find("outside"), std::string::npos);
    }
    EXPECT_EQ(header(respondTo(HttpProblem::methodNotAllowed("GET, HEAD")), "Allow"), "GET, HEAD");
}

TEST(ErrorResponder, AnUnreachableIssuerIsA503WithTheErrorIdOfTheLog) {
    const NetworkError error("The server at 127.0.0.1:8443 is not reachable.", "Connection refused");
    const auto response = respondTo(error);
    EXPECT_EQ(response.status, 503);
    EXPECT_EQ(header(response, "Retry-After"), "5");
    const auto body = bodyOf(response);
    EXPECT_EQ(body->getValue<std::string>("code"), "authorization_server_unavailable");
    EXPECT_EQ(body->getValue<std::string>("id"), error.id());
    EXPECT_EQ(response.errorId, error.id()) << "the request log line carries the same ID";
    EXPECT_EQ(response.body.find("Connection refused"), std::string::npos);
    EXPECT_NE(response.reason.find("Connection refused"), std::string::npos);
    EXPECT_EQ(respondTo(ServerError("jwks_unavailable", 500, "x")).status, 503);
    EXPECT_EQ(respondTo(TimedOut("slow")).status, 503);
    EXPECT_EQ(respondTo(ProtocolError("invalid_jwks", "JWKS without keys")).status, 503);
}

TEST(ErrorResponder, AnyOtherFailureIsA500WithAnErrorIdAndItsCausesInTheLog) {
    std::exception_ptr error;
    try {
        try {
            throw std::runtime_error("file vanished");
        } catch (...) {
            std::throw_with_nested(std::runtime_error("repository read failed"));
        }
    } catch (...) {
        error = std::current_exception();
    }
    const auto response = ErrorResponder().respond(error);
    EXPECT_EQ(response.status, 500);
    const auto body = bodyOf(response);
    EXPECT_EQ(body->getValue<std::string>("code"), "internal_error");
    EXPECT_EQ(body->getValue<std::string>("id"), response.errorId);
    EXPECT_EQ(response.errorId.rfind("DA-", 0), 0u);
    EXPECT_EQ(response.reason, "repository read failed <- caused by: file vanished");
    EXPECT_EQ(response.body.find("vanished"), std::string::npos);
}

TEST(ErrorResponder, ErrorIdsAreFreshPerFailure) {
    EXPECT_NE(respondTo(std::runtime_error("a")).errorId, respondTo(std::runtime_error("a")).errorId);
}

TEST(ErrorResponder, DetailsAreRedactedForTheLog) {
    const auto response = respondTo(std::runtime_error("failed with Authorization: Bearer abc.def.ghi"));
    EXPECT_EQ(response.reason.find("abc.def.ghi"), std::string::npos) << response.reason;
}

TEST(ErrorResponder, BodiesAreValidJsonWhateverTheMessage) {
    const std::string body = ErrorResponder::body("x", "quote \" backslash \\ newline \n", "DA-1");
    const auto parsed = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(parsed->getValue<std::string>("message"), "quote \" backslash \\ newline \n");
}
