#pragma once
// Calls a protected API with an access token (Bearer or DPoP, as the token source says). On 401 it
// asks for a refreshed token once and retries once (the seed's reliable API call); a 401 that asks
// for a DPoP nonce (RFC 9449 §9) is first answered by sending once more with the nonce, which is
// no refresh; when the session cannot be refreshed the caller
// gets LoginRequired and the app sends the user to sign in. Thread-safe.
#include "http/HttpTransport.h"
#include "http/AccessTokenSource.h"

#include <string>

namespace deskauth {

class HttpClient {
public:
    HttpClient(HttpTransport& transport, AccessTokenSource& tokens);

    // Returns the 2xx response. Throws LoginRequired, ApiError (any other non-2xx, with the API's
    // code, message and error ID), NetworkError / TimedOut.
    HttpResponse get(const std::string& url);

private:
    // One request with `token`, and at most one more with the server's DPoP nonce.
    HttpResponse sendWithToken(const std::string& url, const std::string& token);
    HttpResponse sendOnce(const HttpRequest& request, const std::string& token);

    HttpTransport& transport_;
    AccessTokenSource& tokens_;
};

}  // namespace deskauth
