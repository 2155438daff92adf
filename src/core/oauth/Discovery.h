#pragma once
// OpenID Connect Discovery: fetches the authority's metadata once and caches it. One request at a
// time, shared by every caller that needs it (single-flight): the start-up device-flow check and a
// sign-in clicked meanwhile wait for the same request, and neither queues behind the other.
//
// Threads: thread-safe. metadata() blocks until the request ends; the request runs on a thread of
// this object's own, so a caller that stops waiting (its CancelSignal fired) returns at once and
// the request goes on for the others. The destructor cuts a request under way off and joins it;
// no call may be waiting then. Lock: mutex_, a leaf (a cancel signal's wake-up takes it).
#include "http/CancelSignal.h"
#include "http/HttpTransport.h"

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <optional>
#include <string>
#include <vector>

namespace deskauth {

struct ProviderMetadata {
    std::string issuer;
    std::string authorizationEndpoint;
    std::string tokenEndpoint;
    std::string jwksUri;
    std::string userinfoEndpoint;
    std::string revocationEndpoint;   // RFC 7009, may be empty
    std::string endSessionEndpoint;   // OIDC RP-initiated logout, may be empty
    std::string introspectionEndpoint;  // RFC 7662, may be empty
    std::string deviceAuthorizationEndpoint;  // RFC 8628 §4, may be empty
    std::string pushedAuthorizationRequestEndpoint;  // RFC 9126 §5, may be empty
    bool issParameterSupported = false;  // RFC 9207
    std::vector<std::string> dpopSigningAlgValuesSupported;  // RFC 9449 §5.1, empty: no DPoP
    // The prompt values the provider says it takes (OpenID Connect Prompt Create 1.0 §4.1); empty:
    // not said, so OIDC Core §3.1.2.1's (none, login, consent, select_account) are assumed.
    std::vector<std::string> promptValuesSupported;
};

class Discovery {
public:
    Discovery(HttpTransport& transport, std::string authority);
    ~Discovery();
    Discovery(const Discovery&) = delete;
    Discovery& operator=(const Discovery&) = delete;

    // The cached metadata, or the result of the request under way (started if none is). Throws
    // NetworkError / TimedOut / ServerError / ProtocolError, told to every caller that waited for
    // that request; a failure is not cached (the next call asks again). With `cancel`: throws
    // Cancelled as soon as it fires, for this caller only.
    ProviderMetadata metadata(CancelSignal* cancel = nullptr);

    // `expectedIssuer` is oauth.authority as configured: the issuer must be exactly it.
    static ProviderMetadata parse(const std::string& body, const std::string& expectedIssuer);
    // OIDC Discovery §4.3: throws IssuerMismatchError unless `announced` is exactly `configured`.
    static void requireIssuer(const std::string& announced, const std::string& configured);

private:
    // One request and whoever waits for it.
    struct Request {
        bool done = false;
        std::exception_ptr error;  // when done without metadata
    };

    void fetch(std::shared_ptr<Request> request);
    ProviderMetadata download();

    HttpTransport& transport_;
    std::string issuer_;     // oauth.authority exactly as configured
    std::string authority_;  // the same without a trailing '/', to append the well-known path to
    CancelSignal stop_;      // fired by the destructor: cuts the request under way off
    std::mutex mutex_;
    std::condition_variable changed_;
    std::optional<ProviderMetadata> cached_;
    std::shared_ptr<Request> underWay_;  // the request not done yet, or nullptr
    std::thread fetcher_;                // runs the last request; joined by the next one and the destructor
};

}  // namespace deskauth
