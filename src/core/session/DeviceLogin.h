#pragma once
// Sign-in on another device (device authorization grant, RFC 8628): asks for a user code, shows
// it through a callback, and polls on a thread of its own with oauth/DeviceAuthorization (which
// owns the poll timing, §3.5). The tokens go to the Session through Session::accept. With DPoP
// (oauth.dpop, RFC 9449) each sign-in makes its key and every poll carries a proof of it.
//
// Threads: thread-safe. available() and start() block on the network (discovery, the device
// authorization request): off the UI thread. start() reports the prompt on the calling thread;
// `done` runs exactly once on the poller thread, or on the thread calling cancel(). cancel()
// wakes the poller from its wait and joins it (a poll in flight is waited for): off the UI thread.
//
// Locks: polls_.mutex (the poll under way, the code requests under way) guards the poller's wait;
// it is never held while calling the Session, the token endpoint or a callback. cancel() fires a
// request's CancelSignal under it (the signal's mutex comes after it).
#include "config/Configuration.h"
#include "oauth/Discovery.h"
#include "oauth/TokenClient.h"
#include "session/LoginLifecycle.h"
#include "session/Session.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace deskauth {

// What the user is shown to sign in on another device (RFC 8628 §3.3).
struct DeviceSignInPrompt {
    std::string userCode;
    std::string verificationUri;
    std::string verificationUriComplete;  // may be empty
    std::chrono::seconds expiresIn{0};
};

}  // namespace deskauth

namespace deskauth::session {

class DeviceLogin {
public:
    // nullptr = signed in; Cancelled, ServerError access_denied / expired_token, TimedOut, ...
    using Callback = std::function<void(std::exception_ptr error)>;
    using PromptCallback = std::function<void(const DeviceSignInPrompt&)>;

    DeviceLogin(const Configuration& config, Discovery& discovery, TokenClient& tokens, Session& session);
    // Stops a poll under way without telling its callback; joins the poller.
    ~DeviceLogin();
    DeviceLogin(const DeviceLogin&) = delete;
    DeviceLogin& operator=(const DeviceLogin&) = delete;

    // oauth.deviceFlow is "offered" and the server advertises a device_authorization_endpoint
    // (false when discovery fails).
    bool available();
    // Throws ProtocolError("device_flow_off") when the configuration turns it off, and the
    // device authorization endpoint's errors. A new code replaces the one shown before; the old
    // poller stops quietly. While the code is requested (discovery, the device authorization
    // request), cancel() and `stop` (may be nullptr, must outlive the call; it may have fired
    // before this call got going) end the wait at once: start throws Cancelled, no prompt, no poll.
    void start(const PromptCallback& prompt, Callback done, CancelSignal* stop = nullptr);
    // Ends the code request or the poll under way with Cancelled (a poll's callback is told on
    // this thread; a request's start throws). False when none was.
    bool cancel();
    bool inProgress() const;

private:
    struct Poll;

    // The device authorization request, cancellable by cancel() and `stop`.
    DeviceCodeGrant requestCode(CancelSignal* stop);
    void poll(std::uint64_t pollId, const DeviceCodeGrant& grant, std::shared_ptr<const DpopKey> dpop);
    void complete(std::exception_ptr error, std::uint64_t pollId);

    const Configuration& config_;
    Discovery& discovery_;
    TokenClient& tokenClient_;
    Session& session_;

    LoginLifecycle<Poll> polls_;  // the poll under way; ended ones are joined by the next start or cancel
    // The code requests under way (under polls_.mutex): cancel() fires them.
    std::set<std::shared_ptr<CancelSignal>> requests_;
};

}  // namespace deskauth::session
