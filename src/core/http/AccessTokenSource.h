#pragma once
// Supplies bearer tokens to HttpClient. Implemented by the session (session/Session.h); declared
// here so that http/ depends on nothing above it.
//
// Threads: both calls may be made from any thread and may block on the network (a refresh), so
// call them off the UI thread.
#include <string>

namespace deskauth {

class AccessTokenSource {
public:
    virtual ~AccessTokenSource() = default;
    // Throws LoginRequired when there is no session.
    virtual std::string accessToken() = 0;
    // Called after `rejected` got a 401. Single-flight: concurrent callers with the same rejected
    // token share one refresh. Throws LoginRequired when the session cannot be renewed.
    virtual std::string refreshAccessToken(const std::string& rejected) = 0;
};

}  // namespace deskauth
