#include "session/DeviceLogin.h"

#include "errors/Errors.h"
#include "log/Log.h"
#include "oauth/DeviceAuthorization.h"

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

Poco::Logger& logger() { return log::get("auth"); }

}  // namespace

DeviceLogin::DeviceLogin(const Configuration& config, Discovery& discovery, TokenClient& tokens, Session& session)
    : config_(config), discovery_(discovery), tokenClient_(tokens), session_(session) {}

DeviceLogin::~DeviceLogin() {
    std::vector<std::unique_ptr<Poll>> polls;
    {
        std::lock_guard lock(mutex_);
        if (current_) {
            current_->callback = nullptr;
            finished_.push_back(std::move(current_));
        }
        polls = std::move(finished_);
    }
    changed_.notify_all();
    polls.clear();  // the pollers see that their poll ended and stop
}

bool DeviceLogin::available() {
    if (config_.oauth.deviceFlow != DeviceFlow::Offered) return false;
    try {
        return !discovery_.metadata().deviceAuthorizationEndpoint.empty();
    } catch (const Error& e) {
        log::error(logger(), e);
        return false;
    }
}

void DeviceLogin::start(const PromptCallback& prompt, Callback done) {
    if (config_.oauth.deviceFlow != DeviceFlow::Offered) {
        throw ProtocolError("device_flow_off", "oauth.deviceFlow is \"off\" in the configuration");
    }
    DeviceCodeGrant grant = tokenClient_.requestDeviceCode(config_.oauth.scopes);
    if (prompt) prompt({grant.userCode, grant.verificationUri, grant.verificationUriComplete, grant.expiresIn});
    std::vector<std::unique_ptr<Poll>> toJoin;
    {
        std::lock_guard lock(mutex_);
        if (current_) {  // a new code replaces the one shown before; its poller stops quietly
            current_->callback = nullptr;
            finished_.push_back(std::move(current_));
        }
        toJoin = std::move(finished_);
        auto next = std::make_unique<Poll>();
        next->id = nextId_++;
        next->callback = std::move(done);
        next->poller = std::thread(&DeviceLogin::poll, this, next->id, std::move(grant));
        current_ = std::move(next);
    }
    changed_.notify_all();
    toJoin.clear();
}

void DeviceLogin::poll(std::uint64_t pollId, const DeviceCodeGrant& grant) {
    DeviceAuthorization device(tokenClient_);
    const auto wait = [this, pollId](std::chrono::milliseconds interval) {
        std::unique_lock lock(mutex_);
        const bool ended = changed_.wait_for(lock, interval, [&] { return !current_ || current_->id != pollId; });
        return !ended;
    };
    std::exception_ptr error;
    try {
        const TokenSet tokens = device.poll(grant, wait);
        session_.accept(tokens, std::nullopt);  // no nonce in the device flow (RFC 8628 §3.1)
        logger().information("login on another device completed");
    } catch (const Cancelled&) {
        return;  // cancel() or a newer code already told the callback
    } catch (const Error& e) {
        log::error(logger(), e);
        error = std::current_exception();
    } catch (const std::exception& e) {
        logger().error("device login failed: %s", log::redact(e.what()));
        error = std::current_exception();
    }
    complete(error, pollId);
}

void DeviceLogin::complete(std::exception_ptr error, std::uint64_t pollId) {
    Callback callback;
    {
        std::lock_guard lock(mutex_);
        if (!current_ || current_->id != pollId) return;  // cancelled meanwhile
        callback = std::move(current_->callback);
        finished_.push_back(std::move(current_));  // joined by the next start or cancel
    }
    changed_.notify_all();
    if (callback) callback(std::move(error));
}

bool DeviceLogin::cancel() {
    Callback callback;
    bool cancelled = false;
    std::vector<std::unique_ptr<Poll>> toJoin;
    {
        std::lock_guard lock(mutex_);
        if (current_) {
            cancelled = true;
            callback = std::move(current_->callback);
            finished_.push_back(std::move(current_));
        }
        toJoin = std::move(finished_);
    }
    changed_.notify_all();
    toJoin.clear();  // the poller wakes from its wait and ends
    if (callback) {
        logger().information("login cancelled by the user");
        callback(std::make_exception_ptr(Cancelled()));
    }
    return cancelled;
}

bool DeviceLogin::inProgress() const {
    std::lock_guard lock(mutex_);
    return current_ != nullptr;
}

}  // namespace deskauth::session
