#include "ApiService.h"

#include "HttpProblem.h"

namespace deskauth::api {

ApiService::ApiService(ApiRouter router, BearerAuthentication& authentication, const CompanyEndpoints& endpoints,
                       ErrorResponder errors, StatsJson stats, ClockAdvance advanceClock)
    : router_(router),
      authentication_(authentication),
      endpoints_(endpoints),
      errors_(std::move(errors)),
      stats_(std::move(stats)),
      advanceClock_(std::move(advanceClock)) {}

ApiResponse ApiService::handle(const ApiRequest& request) const noexcept {
    ApiResponse response;
    try {
        return dispatch(request, response);
    } catch (...) {
        try {
            ApiResponse failure = errors_.respond(std::current_exception());
            failure.userId = response.userId;  // known when authentication succeeded (e.g. a 403)
            failure.authSource = response.authSource;
            return failure;
        } catch (...) {
            ApiResponse last;  // only reachable when memory runs out
            last.status = 500;
            last.body = R"({"code":"internal_error","message":"The API had an internal problem."})";
            return last;
        }
    }
}

ApiResponse ApiService::dispatch(const ApiRequest& request, ApiResponse& response) const {
    const Route route = router_.match(request.method, request.path);
    if (route.endpoint == Endpoint::Health) {
        response.body = R"({"status":"ok"})";
        return response;
    }
    if (route.endpoint == Endpoint::TestStats) {
        response.body = stats_ ? stats_() : "{}";
        return response;
    }
    if (route.endpoint == Endpoint::TestClock) {
        if (!advanceClock_) throw HttpProblem::notFound("no clock to move");
        const auto offset = advanceClock_(std::chrono::seconds(route.clockAdvanceSeconds));
        response.body = R"({"clockOffsetSeconds":)" + std::to_string(offset.count()) + "}";
        return response;
    }

    const Authenticated caller = authentication_.identify(request);
    response.userId = caller.claims.subject;
    response.authSource = caller.source;
    authentication_.requireScope(caller);

    switch (route.endpoint) {
    case Endpoint::Companies: response.body = endpoints_.companies(caller.claims); break;
    case Endpoint::Transactions: response.body = endpoints_.transactions(caller.claims, route.companyId); break;
    case Endpoint::Userinfo: response.body = endpoints_.userinfo(caller.claims); break;
    default: throw std::logic_error("unhandled route");
    }
    return response;
}

}  // namespace deskauth::api
