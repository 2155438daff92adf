#pragma once
// The lifecycle BrowserLogin and DeviceLogin share: the login under way, the logins that ended
// but whose threads are not joined yet, and the condition variable those threads wait on. A
// login ends once (completed, cancelled or replaced); its callback is handed out at that moment,
// so it is told exactly once, and never under the lock.
//
// Threads: `mutex` guards all of it; members named ...Locked need it held. Ended logins are
// destroyed (their threads joined) outside it: by cancel(), shutdown(), or whoever takes them
// with takeEndedLocked(). `Login` needs an `id` and a `callback`, and joins its threads when
// destroyed.
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

    // Ends the login under way and joins every ended one. `underLock` runs with the lock held when
    // a login was under way. Returns whether one was, and its callback (to tell it Cancelled).
    template <typename UnderLock>
    std::pair<bool, Callback> cancel(UnderLock&& underLock) {
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

    // For the owner's destructor: ends everything without telling anyone and joins every thread.
    void shutdown() {
        cancel([] {});
    }

private:
    std::unique_ptr<Login> current_;
    Ended ended_;
    std::uint64_t nextId_ = 1;
};

}  // namespace deskauth::session
