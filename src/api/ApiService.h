#pragma once
// The request pipeline, free of sockets: route -> authenticate (bearer token, claims cache,
// validator) -> require scope -> endpoint; anything thrown becomes a JSON error through
// ErrorResponder. Authentication runs before the id of a path is looked at, so an anonymous
// caller learns nothing but 401. Thread-safe; called from every connection thread.
#include "ApiMessages.h"
#include "ApiRouter.h"
#include "BearerAuthentication.h"
#include "CompanyEndpoints.h"
#include "ErrorResponder.h"

#include <chrono>
#include <functional>
#include <string>

namespace deskauth::api {

class ApiService {
public:
    using StatsJson = std::function<std::string()>;
    // Moves the API's clock forward by the given time; returns the clock's offset afterwards.
    using ClockAdvance = std::function<std::chrono::seconds(std::chrono::seconds)>;

    // `stats` answers GET /test/stats and `advanceClock` POST /test/clock/advance/{s} when the
    // router enables them.
    ApiService(ApiRouter router, BearerAuthentication& authentication, const CompanyEndpoints& endpoints,
               ErrorResponder errors, StatsJson stats = {}, ClockAdvance advanceClock = {});

    // Never throws.
    ApiResponse handle(const ApiRequest& request) const noexcept;

private:
    ApiResponse dispatch(const ApiRequest& request, ApiResponse& response) const;

    ApiRouter router_;
    BearerAuthentication& authentication_;
    const CompanyEndpoints& endpoints_;
    ErrorResponder errors_;
    StatsJson stats_;
    ClockAdvance advanceClock_;
};

}  // namespace deskauth::api
