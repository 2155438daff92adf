#pragma once
// Runs blocking work (network, OAuth, the secret store) on worker threads and brings the
// follow-up back to the UI thread with CallAfter, so the window never freezes. Follow-ups are
// dropped once the owner is gone: this is the window's liveness guard.
//
// Threads: run() and post() may be called from any thread; the work runs on a new thread, the
// follow-up on the UI thread. A callback that the core calls on its own threads (a login
// callback, a session-changed handler) must capture a Poster, never the window's `this`: the
// Poster stays valid after the window is destroyed and then drops what it is given.
#include <wx/event.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace deskauth::app {

class BackgroundWork {
    struct Guard {
        std::mutex mutex;
        wxEvtHandler* owner = nullptr;
        std::atomic<int> running{0};
    };

public:
    using UiStep = std::function<void()>;

    // Posts steps to the UI thread while the owner lives; copyable, safe to call from any thread
    // at any time.
    class Poster {
    public:
        void operator()(const UiStep& step) const;

    private:
        friend class BackgroundWork;
        explicit Poster(std::shared_ptr<Guard> guard) : guard_(std::move(guard)) {}
        std::shared_ptr<Guard> guard_;
    };

    explicit BackgroundWork(wxEvtHandler* owner);
    ~BackgroundWork();  // drops pending follow-ups; waits up to 2 s for running work

    // `work` runs on a new thread and returns the step to run on the UI thread afterwards.
    void run(std::function<UiStep()> work);
    // Runs `step` on the UI thread (from any thread), unless the owner is gone.
    void post(const UiStep& step) { poster()(step); }
    Poster poster() const { return Poster(guard_); }
    int running() const { return guard_->running; }

private:
    std::shared_ptr<Guard> guard_;
};

}  // namespace deskauth::app
