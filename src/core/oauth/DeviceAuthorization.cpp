#include "oauth/DeviceAuthorization.h"

#include "errors/Errors.h"
#include "log/Log.h"

#include <algorithm>

namespace deskauth {
namespace {

Poco::Logger& deviceAuthorizationLog() { return log::get("oauth"); }

}  // namespace

DeviceAuthorization::DeviceAuthorization(TokenClient& tokens, Clock clock) : tokens_(tokens), clock_(std::move(clock)) {}

TokenSet DeviceAuthorization::poll(const DeviceCodeGrant& grant, const Wait& wait, const DpopKey* dpop) {
    const auto expires = clock_() + grant.expiresIn;
    auto interval = std::chrono::duration_cast<std::chrono::milliseconds>(grant.interval);
    int polls = 0;
    for (;;) {
        // §3.4: the client waits at least `interval` between requests, the first one included.
        if (!wait(interval)) {
            deviceAuthorizationLog().information("device sign-in cancelled after %d poll(s)", polls);
            throw Cancelled();
        }
        if (clock_() >= expires) {
            // §3.2 expires_in: the device code is no use after that; no need to ask the server.
            throw TimedOut("The sign-in code has expired. Start the sign-in on another device again.",
                           "device code expired after " + std::to_string(grant.expiresIn.count()) + " s without an answer");
        }
        ++polls;
        try {
            TokenSet tokens = tokens_.exchangeDeviceCode(grant.deviceCode, dpop);
            deviceAuthorizationLog().information("device sign-in approved after %d poll(s)", polls);
            return tokens;
        } catch (const ServerError& e) {
            // §3.5: the error codes of the device access token response.
            if (e.code() == "authorization_pending") continue;
            if (e.code() == "slow_down") {
                interval += slowDownStep;  // §3.5: "the interval MUST be increased by 5 seconds"
                deviceAuthorizationLog().information("device sign-in: server asked to slow down; polling every %d ms",
                                     static_cast<int>(interval.count()));
                continue;
            }
            if (e.code() == "access_denied") {
                throw ServerError("access_denied", e.httpStatus(), "The sign-in was declined on the other device.",
                                  e.details());
            }
            if (e.code() == "expired_token") {
                throw ServerError("expired_token", e.httpStatus(),
                                  "The sign-in code has expired. Start the sign-in on another device again.", e.details());
            }
            throw;
        } catch (const NetworkError& e) {
            // §3.5: on a connection timeout the client SHOULD back off exponentially; the code
            // may still be approved meanwhile, so keep polling until it expires.
            interval = std::max<std::chrono::milliseconds>(interval, std::min<std::chrono::milliseconds>(interval * 2, maxBackOff));
            deviceAuthorizationLog().warning("device sign-in: token endpoint unreachable (%s); next poll in %d ms",
                             e.details(), static_cast<int>(interval.count()));
        }
    }
}

}  // namespace deskauth
