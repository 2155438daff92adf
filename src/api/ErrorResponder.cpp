#include "ErrorResponder.h"

#include "HttpProblem.h"
#include "errors/Errors.h"
#include "log/Log.h"

#include <Poco/JSON/Object.h>

#include <sstream>

namespace deskauth::api {
namespace {

// RFC 6750 §3: the challenge of a 401/403. Values are fixed ASCII, so no quoting issues.
std::string challenge(const HttpProblem& problem, const std::string& realm) {
    std::string base = "Bearer realm=\"" + realm + "\"";
    switch (problem.challenge()) {
    case HttpProblem::Challenge::None: return {};
    case HttpProblem::Challenge::Bearer: return base;
    case HttpProblem::Challenge::InvalidToken:
        return base + ", error=\"invalid_token\", error_description=\"The access token is invalid or expired\"";
    case HttpProblem::Challenge::InsufficientScope:
        return base + ", error=\"insufficient_scope\", scope=\"" + problem.requiredScope() + "\"";
    // RFC 9449 §7.1: the DPoP scheme's challenge names the algorithms the API accepts.
    case HttpProblem::Challenge::DpopInvalidToken:
        return "DPoP algs=\"ES256\", error=\"invalid_token\", error_description=\"The access token is invalid or expired\"";
    case HttpProblem::Challenge::DpopInvalidProof:
        return "DPoP algs=\"ES256\", error=\"invalid_dpop_proof\", error_description=\"The DPoP proof is invalid\"";
    case HttpProblem::Challenge::DpopNonce:
        return "DPoP algs=\"ES256\", error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\"";
    }
    return {};
}

std::string describeOne(const std::exception& error) {
    if (const auto* e = dynamic_cast<const Error*>(&error)) {
        return std::string("[") + toString(e->kind()) + "/" + e->code() + "] " + e->userMessage() +
               (e->details().empty() ? "" : " | " + e->details());
    }
    return error.what();
}

bool isUpstreamFailure(const Error& error) {
    switch (error.kind()) {
    case ErrorKind::Network:
    case ErrorKind::TimedOut:
    case ErrorKind::Server:
    case ErrorKind::Protocol: return true;
    default: return false;
    }
}

}  // namespace

ErrorResponder::ErrorResponder(std::string realm) : realm_(std::move(realm)) {}

std::string ErrorResponder::body(const std::string& code, const std::string& message, const std::string& id) {
    Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
    object.set("code", code);
    object.set("message", message);
    if (!id.empty()) object.set("id", id);
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

std::string ErrorResponder::describe(const std::exception& error) {
    std::string text = describeOne(error);
    try {
        std::rethrow_if_nested(error);
    } catch (const std::exception& cause) {
        text += " <- caused by: " + describe(cause);
    } catch (...) {
        text += " <- caused by: an unknown exception";
    }
    return log::redact(text);
}

ApiResponse ErrorResponder::respond(const std::exception_ptr& error) const {
    ApiResponse response;
    try {
        std::rethrow_exception(error);
    } catch (const HttpProblem& problem) {
        response.status = problem.status();
        response.body = body(problem.code(), problem.message());
        response.reason = log::redact(problem.code() + ": " + problem.details());
        response.headers = problem.headers();
        if (auto value = challenge(problem, realm_); !value.empty()) response.headers.emplace_back("WWW-Authenticate", value);
    } catch (const Error& e) {
        response.errorId = e.id();
        response.reason = describe(e);
        if (isUpstreamFailure(e)) {
            response.status = 503;
            response.headers.emplace_back("Retry-After", "5");
            response.body = body("authorization_server_unavailable",
                                 "The sign-in service could not be reached to check the access token. "
                                 "Please try again shortly.",
                                 e.id());
        } else {
            response.status = 500;
            response.body = body("internal_error", "The API had an internal problem.", e.id());
        }
    } catch (const std::exception& e) {
        response.status = 500;
        response.errorId = newErrorId();
        response.reason = describe(e);
        response.body = body("internal_error", "The API had an internal problem.", response.errorId);
    } catch (...) {
        response.status = 500;
        response.errorId = newErrorId();
        response.reason = "an exception of unknown type";
        response.body = body("internal_error", "The API had an internal problem.", response.errorId);
    }
    return response;
}

}  // namespace deskauth::api
