#include "ApiRouter.h"

#include "HttpProblem.h"

#include <optional>

namespace deskauth::api {
namespace {

std::optional<Route> routeOf(const std::string& path, bool testEndpoints) {
    if (path == "/api/health") return Route{Endpoint::Health, "", false};
    if (path == "/api/companies") return Route{Endpoint::Companies, "", true};
    if (path == "/api/userinfo") return Route{Endpoint::Userinfo, "", true};
    if (testEndpoints && path == "/test/stats") return Route{Endpoint::TestStats, "", false};
    static const std::string advance = "/test/clock/advance/";
    if (testEndpoints && path.compare(0, advance.size(), advance) == 0) {
        const std::string seconds = path.substr(advance.size());
        // a whole number of seconds, at most ten years: enough to expire any token we issue
        if (!seconds.empty() && seconds.size() <= 9 && seconds.find_first_not_of("0123456789") == std::string::npos) {
            return Route{Endpoint::TestClock, "", false, std::stoll(seconds)};
        }
        return std::nullopt;
    }

    static const std::string prefix = "/api/companies/";
    static const std::string suffix = "/transactions";
    if (path.size() >= prefix.size() + suffix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
        std::string id = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
        if (id.find('/') == std::string::npos) return Route{Endpoint::Transactions, std::move(id), true};
    }
    return std::nullopt;
}

}  // namespace

ApiRouter::ApiRouter(bool testEndpoints) : testEndpoints_(testEndpoints) {}

Route ApiRouter::match(const std::string& method, const std::string& path) const {
    auto route = routeOf(path, testEndpoints_);
    if (!route) throw HttpProblem::notFound("no route for this path");
    if (route->endpoint == Endpoint::TestClock) {
        if (method != "POST") throw HttpProblem::methodNotAllowed("POST");
        return *route;
    }
    // HEAD is GET without the body (RFC 9110 §9.3.2); POCO leaves the body out.
    if (method != "GET" && method != "HEAD") throw HttpProblem::methodNotAllowed("GET, HEAD");
    return *route;
}

}  // namespace deskauth::api
