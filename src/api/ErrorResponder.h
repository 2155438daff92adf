#pragma once
// Turns whatever stopped a request into its JSON answer {"code","message"} (plus "id" for 5xx,
// the error ID the request log line carries too, so a user can quote it to support):
//   HttpProblem                          its own 4xx, with the RFC 6750 §3 WWW-Authenticate challenge
//   core Network/TimedOut/Server/Protocol 503 authorization_server_unavailable (JWKS, discovery or
//                                        introspection could not be used) with Retry-After
//   anything else                        500 internal_error
// The body never carries details; they (the chain of nested causes) go into ApiResponse::reason
// for the log. Stateless, so thread-safe.
#include "ApiMessages.h"

#include <exception>
#include <string>

namespace deskauth::api {

class ErrorResponder {
public:
    explicit ErrorResponder(std::string realm = "deskauth-api");

    ApiResponse respond(const std::exception_ptr& error) const;

    // {"code":..,"message":..[,"id":..]}
    static std::string body(const std::string& code, const std::string& message, const std::string& id = {});

    // The exception's description followed by its nested causes (std::nested_exception),
    // redacted, for the log.
    static std::string describe(const std::exception& error);

private:
    std::string realm_;
};

}  // namespace deskauth::api
