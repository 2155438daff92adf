#include "session/DeviceLogin.h"

#include "errors/Errors.h"
#include "log/Log.h"
#include "oauth/DeviceAuthorization.h"
#include "oauth/DpopPolicy.h"

#include <thread>

namespace deskauth::session {

// One sign-in on another device: the thread polling the token endpoint and the callback.
struct DeviceLogin::Poll {
    std::uint64_t id = 0;
    Callback callback;
    std::thread poller;

    ~Poll() {
        if (poller.joinable()) poller.join();
    }
};

namespace {

Poco::Logger& deviceLoginLog() { return log::get("auth"); }

}  // namespace

DeviceLogin::DeviceLogin(const Configuration& config, Discovery& discovery, TokenClient& tokens, Session& session)
    : config_(config), discovery_(discovery), tokenClient_(tokens), session_(session) {}

DeviceLogin::~DeviceLogin() { polls_.shutdown(); }  // the pollers see that their poll ended and stop

bool DeviceLogin::available() {
    if (config_.oauth.deviceFlow != DeviceFlow::Offered) return false;
    try {
        return !discovery_.metadata().deviceAuthorizationEndpoint.empty();
    } catch (const Error& e) {
        log::error(deviceLoginLog(), e);
        return false;
    }
}

void DeviceLogin::start(const PromptCallback& prompt, Callback done, CancelSignal* stop) {
    if (config_.oauth.deviceFlow != DeviceFlow::Offered) {
        throw ProtocolError("device_flow_off", "oauth.deviceFlow is \"off\" in the configuration");
    }
    DeviceCodeGrant grant = requestCode(stop);
    // RFC 9449 §5 with RFC 8628 §3.4: the device code is exchanged with a proof, so the tokens are
    // bound to this key (there is no authorization request to carry dpop_jkt, §10).
    std::shared_ptr<const DpopKey> dpop;
    if (dpopWanted(config_.oauth.dpop, discovery_.metadata())) dpop = std::make_shared<const DpopKey>(DpopKey::generate());
    if (prompt) prompt({grant.userCode, grant.verificationUri, grant.verificationUriComplete, grant.expiresIn});
    LoginLifecycle<Poll>::Ended toJoin;
    {
        std::lock_guard lock(polls_.mutex);
        polls_.endLocked();  // a new code replaces the one shown before; its poller stops quietly
        toJoin = polls_.takeEndedLocked();
        auto next = std::make_unique<Poll>();
        next->id = polls_.nextIdLocked();
        next->callback = std::move(done);
        next->poller = std::thread(&DeviceLogin::poll, this, next->id, std::move(grant), std::move(dpop));
        polls_.startLocked(std::move(next));
    }
    polls_.changed.notify_all();
    toJoin.clear();
}

DeviceCodeGrant DeviceLogin::requestCode(CancelSignal* stop) {
    const auto request = std::make_shared<CancelSignal>();
    {
        std::lock_guard lock(polls_.mutex);
        requests_.insert(request);
    }
    struct Untrack {
        DeviceLogin& login;
        const std::shared_ptr<CancelSignal>& request;
        ~Untrack() {
            std::lock_guard lock(login.polls_.mutex);
            login.requests_.erase(request);
        }
    } untrack{*this, request};
    // The caller's signal (it may have fired already) ends the request too.
    CancelSignal::Subscription callerStops;
    if (stop) callerStops = stop->subscribe([request] { request->cancel(); });
    if (request->cancelled()) throw Cancelled();  // no request for a sign-in cancelled first
    DeviceCodeGrant grant = tokenClient_.requestDeviceCode(config_.oauth.scopes, request.get());
    // A cancel after the answer arrived: no code is shown, no poll starts.
    if (request->cancelled()) throw Cancelled();
    return grant;
}

void DeviceLogin::poll(std::uint64_t pollId, const DeviceCodeGrant& grant, std::shared_ptr<const DpopKey> dpop) {
    DeviceAuthorization device(tokenClient_);
    const auto wait = [this, pollId](std::chrono::milliseconds interval) {
        std::unique_lock lock(polls_.mutex);
        const bool ended = polls_.changed.wait_for(lock, interval, [&] { return !polls_.isCurrentLocked(pollId); });
        return !ended;
    };
    std::exception_ptr error;
    try {
        const TokenSet tokens = device.poll(grant, wait, dpop.get());
        requireDpopBinding(config_.oauth.dpop, tokens);
        session_.accept(tokens, std::nullopt);  // no nonce in the device flow (RFC 8628 §3.1)
        deviceLoginLog().information("login on another device completed");
    } catch (const Cancelled&) {
        return;  // cancel() or a newer code already told the callback
    } catch (const Error& e) {
        log::error(deviceLoginLog(), e);
        error = std::current_exception();
    } catch (const std::exception& e) {
        deviceLoginLog().error("device login failed: %s", log::redact(e.what()));
        error = std::current_exception();
    }
    complete(error, pollId);
}

void DeviceLogin::complete(std::exception_ptr error, std::uint64_t pollId) {
    Callback callback;
    {
        std::lock_guard lock(polls_.mutex);
        if (!polls_.isCurrentLocked(pollId)) return;  // cancelled meanwhile
        callback = polls_.endLocked();                 // joined by the next start or cancel
    }
    polls_.changed.notify_all();
    if (callback) callback(std::move(error));
}

bool DeviceLogin::cancel() {
    bool requesting = false;
    {
        std::lock_guard lock(polls_.mutex);
        requesting = !requests_.empty();
        for (const auto& request : requests_) request->cancel();  // its start throws Cancelled
    }
    const bool polling = polls_.cancel([] {});  // the poller wakes from its wait and ends
    return requesting || polling;
}

bool DeviceLogin::inProgress() const { return polls_.running(); }

}  // namespace deskauth::session
