#pragma once
// The polling side of the device authorization grant (RFC 8628): after the user was shown the
// user code, polls the token endpoint until the user approved or denied on another device, the
// code expired, or the wait was cancelled. Follows the server's interval, slows down when told
// to (§3.5) and backs off when the server cannot be reached.
//
// Threads: poll() blocks the calling thread (a worker) for as long as the user takes; `wait` is
// how it sleeps, so the caller can cut the sleep short to cancel.
#include "oauth/TokenClient.h"
#include "oauth/TokenSet.h"

#include <chrono>
#include <functional>

namespace deskauth {

class DeviceAuthorization {
public:
    // Sleeps up to the given time; returns false when the wait was cancelled.
    using Wait = std::function<bool(std::chrono::milliseconds)>;
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    explicit DeviceAuthorization(TokenClient& tokens, Clock clock = [] { return std::chrono::steady_clock::now(); });

    // Returns the tokens once the user approved. Throws Cancelled when `wait` returned false,
    // ServerError("access_denied") when the user declined, ServerError("expired_token") or
    // TimedOut when the code expired, and any other error of the token endpoint as it is.
    // With `dpop` every poll carries a proof of it (RFC 9449 §5 on the RFC 8628 §3.4 token
    // request), so the tokens are bound to that key.
    TokenSet poll(const DeviceCodeGrant& grant, const Wait& wait, const DpopKey* dpop = nullptr);

    // §3.5: each slow_down adds 5 seconds to the polling interval.
    static constexpr std::chrono::seconds slowDownStep{5};
    // §3.5: the back-off after a connection failure doubles the interval up to this.
    static constexpr std::chrono::seconds maxBackOff{60};

private:
    TokenClient& tokens_;
    Clock clock_;
};

}  // namespace deskauth
