#include "http/CancelSignal.h"

#include <utility>

namespace deskauth {

CancelSignal::Subscription::Subscription(Subscription&& other) noexcept
    : signal_(std::exchange(other.signal_, nullptr)), id_(other.id_) {}

CancelSignal::Subscription& CancelSignal::Subscription::operator=(Subscription&& other) noexcept {
    if (this != &other) {
        reset();
        signal_ = std::exchange(other.signal_, nullptr);
        id_ = other.id_;
    }
    return *this;
}

void CancelSignal::Subscription::reset() {
    if (!signal_) return;
    std::lock_guard lock(signal_->mutex_);  // a wake-up under way holds it: this waits for it
    signal_->wakes_.erase(id_);
    signal_ = nullptr;
}

void CancelSignal::cancel() {
    std::lock_guard lock(mutex_);
    if (cancelled_.exchange(true)) return;
    for (auto& [id, wake] : wakes_) wake();
    wakes_.clear();
}

CancelSignal::Subscription CancelSignal::subscribe(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    if (cancelled_) {
        wake();
        return {};
    }
    const std::uint64_t id = nextId_++;
    wakes_.emplace(id, std::move(wake));
    return {this, id};
}

}  // namespace deskauth
