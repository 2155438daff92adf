#include "work/BackgroundWork.h"

#include <chrono>
#include <thread>

namespace deskauth::app {

BackgroundWork::BackgroundWork(wxEvtHandler* owner) : guard_(std::make_shared<Guard>()) { guard_->owner = owner; }

BackgroundWork::~BackgroundWork() {
    {
        std::lock_guard lock(guard_->mutex);
        guard_->owner = nullptr;
    }
    // Give calls under way a moment to end; each is bounded by the HTTP timeouts anyway and
    // holds the services it needs, so leaving earlier is safe.
    for (int i = 0; i < 200 && guard_->running > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void BackgroundWork::Poster::operator()(const UiStep& step) const {
    std::lock_guard lock(guard_->mutex);
    if (guard_->owner) guard_->owner->CallAfter(step);  // wx copies the functor
}

void BackgroundWork::run(std::function<UiStep()> work) {
    ++guard_->running;
    std::thread([guard = guard_, work = std::move(work)] {
        UiStep step = work();
        {
            std::lock_guard lock(guard->mutex);
            if (guard->owner && step) guard->owner->CallAfter(step);
        }
        --guard->running;
    }).detach();
}

}  // namespace deskauth::app
