#pragma once
// The lifecycle BrowserLogin and DeviceLogin share: the login under way, the logins that ended
// but whose threads are not joined yet, and the condition variable those threads wait on. A
// login ends once (completed, cancelled or replaced); its callback is handed out at that moment,
// so it is told exactly once, and never under the lock.
//
// Threads: `mutex` guards all of it; members named ...Locked need it held. Ended logins are
// destroyed (their threads joined) outside it: by cancel(), shutdown(), or whoever takes them
// with takeEndedLocked(). cancel() blocks on those joins and tells the callback on the calling
// thread. `Login` needs an `id` and a `callback`, and joins its threads when destroyed.
#include "errors/Errors.h"
#include "log/Log.h"

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace deskauth::session {

template <typename Login>
class LoginLifecycle {
public:
    using Callback = std::function<void(std::exception_ptr error)>;
    using Ended = std::vector<std::unique_ptr<Login>>;

    mutable std::mutex mutex;
    std::condition_variable changed;

    std::uint64_t nextIdLocked() { return nextId_++; }
    Login* currentLocked() const { return current_.get(); }
    bool isCurrentLocked(std::uint64_t id) const { return current_ && current_->id == id; }
    void startLocked(std::unique_ptr<Login> login) { current_ = std::move(login); }
    // Ends the login under way (if any) and returns its callback for the caller to tell.
    Callback endLocked() {
        if (!current_) return {};
        Callback callback = std::move(current_->callback);
        ended_.push_back(std::move(current_));
        return callback;
    }
    Ended takeEndedLocked() { return std::exchange(ended_, {}); }
    const Ended& endedLocked() const { return ended_; }

    bool running() const {
        std::lock_guard lock(mutex);
        return current_ != nullptr;
    }

    // Ends the login under way, joins every ended one, then tells the login's callback Cancelled
    // (on this thread, no lock held). `underLock` runs with the lock held when a login was under
    // way. Returns whether one was.
    template <typename UnderLock>
    bool cancel(UnderLock&& underLock) {
        auto [running, callback] = end(std::forward<UnderLock>(underLock));
        if (callback) {
            log::get("auth").information("login cancelled by the user");
            callback(std::make_exception_ptr(Cancelled()));
        }
        return running;
    }

    // For the owner's destructor: ends everything without telling anyone and joins every thread.
    void shutdown() {
        end([] {});
    }

private:
    template <typename UnderLock>
    std::pair<bool, Callback> end(UnderLock&& underLock) {
        bool running = false;
        Callback callback;
        Ended toJoin;
        {
            std::lock_guard lock(mutex);
            running = current_ != nullptr;
            if (running) {
                underLock();
                callback = endLocked();
            }
            toJoin = takeEndedLocked();
        }
        changed.notify_all();
        toJoin.clear();  // joins their threads; the waits above have been woken
        return {running, std::move(callback)};
    }

    std::unique_ptr<Login> current_;
    Ended ended_;
    std::uint64_t nextId_ = 1;
};

}  // namespace deskauth::session
