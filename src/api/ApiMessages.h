#pragma once
// One API request and its answer as plain data, so that routing, authentication, authorisation
// and error mapping (ApiService) can be tested without sockets. ApiConnection converts to and
// from POCO's HTTP objects. Value types; no threading concerns.
#include "http/HttpTransport.h"

#include <string>

namespace deskauth::api {

struct ApiRequest {
    std::string method;         // "GET", ...
    std::string path;           // percent-decoded path, no query string (the query is never logged)
    std::string authorization;  // the Authorization header, "" when absent
    int authorizationHeaders = 0;  // how many Authorization headers the request carried
    std::string dpop;              // the DPoP proof header (RFC 9449 §4.1), "" when absent
    int dpopHeaders = 0;           // how many DPoP headers (§4.3 step 1: exactly one)
    std::string host;              // the Host header: with the path, the URI the proof's htu must name
};

struct ApiResponse {
    int status = 200;
    HeaderList headers;  // besides Content-Type, which is always JSON
    std::string body;    // JSON

    // For the request log only; never sent to the client.
    std::string userId;      // "sub" of the caller once authenticated
    std::string authSource;  // "cache", "jwt", "introspection" or "" (no authentication)
    std::string errorId;     // set for 5xx answers: the ID in the body and in the log line
    std::string reason;      // why a 4xx/5xx happened (details; no token, no secret)
};

}  // namespace deskauth::api
