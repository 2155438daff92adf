#pragma once
// What the API knows about the caller once its access token is validated: who (sub, name), what
// the token allows (scope) and which data the user may see (regions). Both validators produce it
// and the claims cache keeps it. Value type.
// Threads: a value type; copies may be used on any thread.
#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace deskauth::api {

struct AccessClaims {
    std::string subject;               // "sub": the user id that goes into the request log
    std::string name;                  // display name, may be empty
    std::vector<std::string> regions;  // the custom "regions" claim; empty = sees no company
    std::vector<std::string> scopes;   // "scope", split at spaces (RFC 9068 §2.2.3)
    std::string clientId;              // "client_id", may be empty
    // "cnf": {"jkt": …} (RFC 9449 §6): the thumbprint of the key the token is bound to; empty for
    // a bearer token.
    std::string confirmationJkt;
    // "exp"; the claims cache keeps the claims until then. nullopt (only possible with
    // introspection, RFC 7662 §2.2) means: do not cache.
    std::optional<std::chrono::system_clock::time_point> expiresAt;

    bool hasScope(const std::string& scope) const {
        return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
    }
};

}  // namespace deskauth::api
