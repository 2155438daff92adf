#pragma once
// Maps a method and path to an endpoint, as the POCO samples' request handler factory does, but
// as plain data so it can be tested alone. Only exact paths match; every other path is a JSON 404
// and a known path with another method a 405. Immutable, so thread-safe.
#include <string>

namespace deskauth::api {

enum class Endpoint {
    Health,        // GET /api/health: no authentication, no data (liveness; benchmark baseline)
    Companies,     // GET /api/companies
    Transactions,  // GET /api/companies/{id}/transactions
    Userinfo,      // GET /api/userinfo
    TestStats,     // GET /test/stats: counters, only with --test-endpoints
    TestClock,     // POST /test/clock/advance/{seconds}: moves the API's clock (ApiClock), only with --test-endpoints
};

struct Route {
    Endpoint endpoint;
    std::string companyId;  // the raw {id} segment of Transactions (validated after authentication)
    bool needsToken = true;
    long long clockAdvanceSeconds = 0;  // TestClock: the {seconds} segment
};

class ApiRouter {
public:
    explicit ApiRouter(bool testEndpoints = false);

    // Throws HttpProblem 404 for an unknown path, 405 (with Allow) for a method other than GET/HEAD
    // (POST for TestClock).
    Route match(const std::string& method, const std::string& path) const;

private:
    bool testEndpoints_;
};

}  // namespace deskauth::api
