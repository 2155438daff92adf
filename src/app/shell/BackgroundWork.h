#pragma once
// Runs blocking work (network, OAuth) on worker threads and brings the follow-up back to the UI
// thread with CallAfter, so the window never freezes. Follow-ups are dropped once the owner is
// gone. post() may be called from any thread.
#include <wx/event.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace deskauth::app {

class BackgroundWork {
public:
    using UiStep = std::function<void()>;

    explicit BackgroundWork(wxEvtHandler* owner);
    ~BackgroundWork();  // drops pending follow-ups; waits up to 2 s for running work

    // `work` runs on a new thread and returns the step to run on the UI thread afterwards.
    void run(std::function<UiStep()> work);
    // Runs `step` on the UI thread (from any thread), unless the owner is gone.
    void post(const UiStep& step);
    int running() const { return guard_->running; }

private:
    struct Guard {
        std::mutex mutex;
        wxEvtHandler* owner = nullptr;
        std::atomic<int> running{0};
    };
    std::shared_ptr<Guard> guard_;
};

}  // namespace deskauth::app
