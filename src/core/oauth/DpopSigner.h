#pragma once
// Puts DPoP proofs on requests to one kind of server and keeps the nonces those servers hand out
// (RFC 9449 §8, §9), one per server (scheme://host:port). The token client has one for the
// authorization server, the session one for the API.
// Threads: thread-safe (a leaf mutex around the nonces); sign() and retryWith() never block.
#include "http/HttpTransport.h"
#include "oauth/DpopKey.h"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace deskauth {

enum class DpopServer {
    Authorization,  // §8: a nonce challenge is 400 {"error":"use_dpop_nonce"} (token, PAR, revocation)
    Resource,       // §9: a nonce challenge is 401 WWW-Authenticate: DPoP error="use_dpop_nonce"
};

class DpopSigner {
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;
    explicit DpopSigner(DpopServer server, Clock clock = [] { return std::chrono::system_clock::now(); });

    // Sets the request's DPoP header (replacing one from an earlier try) to a fresh proof for its
    // method and URL, with `accessToken`'s ath when not empty and the server's nonce when known.
    void sign(HttpRequest& request, const DpopKey& key, const std::string& accessToken = {});

    // Remembers a DPoP-Nonce the response carries (§8.2: any response may bring the next one).
    // True when the response is the server's use_dpop_nonce challenge with a nonce other than the
    // one just sent: the caller signs and sends the request once more (and only once: a second
    // challenge is answered as an error, so a server cannot keep the client looping).
    bool retryWith(const HttpRequest& request, const HttpResponse& response);

    // §8.1: the nonce is 1*NQCHAR (%x21 / %x23-5B / %x5D-7E); longer than 512 bytes is refused
    // as no real server needs it and it would go into every later proof.
    static bool isValidNonce(const std::string& nonce);
    // True when `response` is this kind of server's use_dpop_nonce challenge (§8, §9).
    static bool isNonceChallenge(DpopServer server, const HttpResponse& response);

private:
    std::string nonceFor(const std::string& origin) const;

    const DpopServer server_;
    const Clock clock_;
    mutable std::mutex mutex_;
    std::map<std::string, std::string> nonces_;  // origin -> the last nonce it sent
};

// "scheme://host:port" of a URL (lower case), the key nonces are remembered by; "" when unparsable.
std::string originOf(const std::string& url);

}  // namespace deskauth
