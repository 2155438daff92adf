#pragma once
// Calls a protected API with a bearer token. On 401 it asks for a refreshed token once and
// retries once (the seed's reliable API call); when the session cannot be refreshed the caller
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
    HttpResponse sendWithToken(const std::string& url, const std::string& token);

    HttpTransport& transport_;
    AccessTokenSource& tokens_;
};

}  // namespace deskauth
