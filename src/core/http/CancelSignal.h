#pragma once
// A one-shot "stop waiting" signal that a caller hands to a blocking call (a discovery wait, an
// HTTP exchange). cancel() fires it once; whoever waits has subscribed a wake-up (notify its
// condition variable, shut its socket down) and reports Cancelled. Like C++20's std::stop_source
// and std::stop_callback, which C++17 does not have.
//
// Threads: thread-safe. cancel() runs the subscribed wake-ups on the calling thread, under the
// signal's own mutex, so a wake-up must not call back into this signal; it may take a leaf mutex
// of its own (the signal's mutex comes first). cancelled() takes no lock, so a waiter may call it
// while holding its own mutex. A Subscription's destructor waits for a wake-up that is running,
// so the object it wakes may be destroyed right after it.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

namespace deskauth {

class CancelSignal {
public:
    class Subscription {
    public:
        Subscription() = default;
        ~Subscription() { reset(); }
        Subscription(Subscription&& other) noexcept;
        Subscription& operator=(Subscription&& other) noexcept;
        Subscription(const Subscription&) = delete;
        Subscription& operator=(const Subscription&) = delete;
        // Unsubscribes (waits for the wake-up if it is running).
        void reset();

    private:
        friend class CancelSignal;
        Subscription(CancelSignal* signal, std::uint64_t id) : signal_(signal), id_(id) {}
        CancelSignal* signal_ = nullptr;
        std::uint64_t id_ = 0;
    };

    CancelSignal() = default;
    CancelSignal(const CancelSignal&) = delete;
    CancelSignal& operator=(const CancelSignal&) = delete;

    // Fires the signal (later calls do nothing) and runs every wake-up subscribed.
    void cancel();
    bool cancelled() const { return cancelled_.load(); }
    // `wake` runs once when the signal fires, at once (on this thread) if it already has. The
    // signal must outlive the subscription.
    [[nodiscard]] Subscription subscribe(std::function<void()> wake);

private:
    std::mutex mutex_;
    std::atomic<bool> cancelled_{false};
    std::uint64_t nextId_ = 1;
    std::map<std::uint64_t, std::function<void()>> wakes_;
};

}  // namespace deskauth
