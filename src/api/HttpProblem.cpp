#include "HttpProblem.h"

namespace deskauth::api {

HttpProblem::HttpProblem(int status, std::string code, std::string message, std::string details, Challenge challenge)
    : std::runtime_error(code + ": " + details),
      status_(status),
      code_(std::move(code)),
      message_(std::move(message)),
      details_(std::move(details)),
      challenge_(challenge) {}

HttpProblem HttpProblem::missingToken(std::string details) {
    return HttpProblem(401, "missing_token", "This request needs an access token (Authorization: Bearer).",
                       std::move(details), Challenge::Bearer);
}

HttpProblem HttpProblem::invalidToken(std::string details) {
    return HttpProblem(401, "invalid_token", "The access token is not valid. Please sign in again.", std::move(details),
                       Challenge::InvalidToken);
}

HttpProblem HttpProblem::insufficientScope(const std::string& requiredScope, std::string details) {
    HttpProblem problem(403, "insufficient_scope", "The access token does not grant access to this API.",
                        std::move(details), Challenge::InsufficientScope);
    problem.requiredScope_ = requiredScope;
    return problem;
}

HttpProblem HttpProblem::invalidDpopProof(std::string details) {
    return HttpProblem(401, "invalid_dpop_proof", "The request's proof of possession (DPoP) is not valid.",
                       std::move(details), Challenge::DpopInvalidProof);
}

HttpProblem HttpProblem::useDpopNonce(const std::string& nonce) {
    HttpProblem problem(401, "use_dpop_nonce", "Send the request again with the server's DPoP nonce.",
                        "DPoP proof without the current nonce", Challenge::DpopNonce);
    problem.headers_.emplace_back("DPoP-Nonce", nonce);
    return problem;
}

HttpProblem HttpProblem::asDpop(const HttpProblem& problem) {
    HttpProblem dpop = problem;
    if (dpop.challenge_ == Challenge::InvalidToken || dpop.challenge_ == Challenge::Bearer) {
        dpop.challenge_ = Challenge::DpopInvalidToken;
    }
    return dpop;
}

HttpProblem HttpProblem::badRequest(std::string code, std::string message, std::string details) {
    return HttpProblem(400, std::move(code), std::move(message), std::move(details));
}

HttpProblem HttpProblem::notFound(std::string details) {
    return HttpProblem(404, "not_found", "The requested resource was not found.", std::move(details));
}

HttpProblem HttpProblem::methodNotAllowed(const std::string& allowed) {
    HttpProblem problem(405, "method_not_allowed", "This resource only answers " + allowed + " requests.",
                        "method not allowed");
    problem.headers_.emplace_back("Allow", allowed);
    return problem;
}

}  // namespace deskauth::api
