#pragma once
// A request the API refuses (4xx): the HTTP status, the JSON error code and the message the
// caller may see, plus details for the log only. Thrown anywhere in the request pipeline and
// turned into the response by ErrorResponder. Server faults (5xx) are not HttpProblems: they are
// whatever exception reached the top, and get an error ID there. Immutable value type.
// Threads: immutable; thrown and caught on the request thread that raised it.
#include "http/HttpTransport.h"

#include <stdexcept>
#include <string>

namespace deskauth::api {

class HttpProblem : public std::runtime_error {
public:
    // Which RFC 6750 §3 WWW-Authenticate challenge goes with a 401/403.
    // The DPoP ones are RFC 9449 §7.1's, for requests that used the DPoP scheme.
    enum class Challenge { None, Bearer, InvalidToken, InsufficientScope, DpopInvalidToken, DpopInvalidProof, DpopNonce };

    HttpProblem(int status, std::string code, std::string message, std::string details = {},
                Challenge challenge = Challenge::None);

    // 401 without an error code: the request carried no bearer credentials at all
    // (RFC 6750 §3.1: "SHOULD NOT include an error code" then).
    static HttpProblem missingToken(std::string details);
    // 401 error="invalid_token": malformed, expired, revoked, wrongly signed, wrong issuer/audience.
    static HttpProblem invalidToken(std::string details);
    // 403 error="insufficient_scope" with the scope needed (RFC 6750 §3.1).
    static HttpProblem insufficientScope(const std::string& requiredScope, std::string details = {});
    // 401 error="invalid_dpop_proof" (RFC 9449 §7.1): the DPoP proof failed a §4.3 check.
    static HttpProblem invalidDpopProof(std::string details);
    // 401 error="use_dpop_nonce" with the nonce to use in a DPoP-Nonce header (RFC 9449 §9).
    static HttpProblem useDpopNonce(const std::string& nonce);
    // The same problem as `problem` with the DPoP scheme's challenge (a DPoP request's bad token).
    static HttpProblem asDpop(const HttpProblem& problem);
    static HttpProblem badRequest(std::string code, std::string message, std::string details = {});
    // The same 404 for "does not exist" and "exists but not yours", so nothing is revealed.
    static HttpProblem notFound(std::string details = {});
    static HttpProblem methodNotAllowed(const std::string& allowed);

    int status() const { return status_; }
    const std::string& code() const { return code_; }
    const std::string& message() const { return message_; }
    const std::string& details() const { return details_; }
    Challenge challenge() const { return challenge_; }
    const std::string& requiredScope() const { return requiredScope_; }
    const HeaderList& headers() const { return headers_; }

private:
    int status_;
    std::string code_;
    std::string message_;
    std::string details_;
    Challenge challenge_;
    std::string requiredScope_;
    HeaderList headers_;
};

}  // namespace deskauth::api
