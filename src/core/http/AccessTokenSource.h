#pragma once
// Supplies access tokens to HttpClient, and how to present them: Bearer (RFC 6750) or DPoP with a
// proof (RFC 9449 §7.1), with the API's DPoP nonces (§9). Implemented by the session (session/Session.h); declared
// here so that http/ depends on nothing above it.
//
// Threads: both calls may be made from any thread and may block on the network (a refresh), so
// call them off the UI thread.
#include "http/HttpTransport.h"

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
    // Adds the Authorization header for `token` (and, for a DPoP-bound token, its DPoP proof for
    // this request). Never blocks on the network.
    virtual void authorize(HttpRequest& request, const std::string& token) = 0;
    // RFC 9449 §9: true when `response` asks for a DPoP nonce, now remembered, so that the request
    // is authorized and sent once more (a nonce retry, not a refresh). Never blocks.
    virtual bool retryWithNonce(const HttpRequest& request, const HttpResponse& response) = 0;
};

}  // namespace deskauth
