#include "log/AsyncLogChannel.h"

#include <Poco/Exception.h>

#include <algorithm>
#include <exception>
#include <string>

namespace deskauth::log {

AsyncLogChannel::AsyncLogChannel(Poco::AutoPtr<Poco::Channel> target, std::size_t capacity)
    : target_(std::move(target)), capacity_(std::max<std::size_t>(capacity, 1)) {}

AsyncLogChannel::~AsyncLogChannel() {
    try {
        close();
    } catch (...) {  // a destructor must not throw; close() only writes and joins
    }
}

void AsyncLogChannel::open() {
    std::lock_guard lock(mutex_);
    stopping_ = false;
    if (!writer_.joinable()) writer_ = std::thread([this] { run(); });
}

void AsyncLogChannel::log(const Poco::Message& message) {
    {
        std::unique_lock lock(mutex_);
        if (!stopping_) {
            if (!writer_.joinable()) writer_ = std::thread([this] { run(); });
            if (queue_.size() >= capacity_) {
                ++droppedSinceReport_;
                ++droppedTotal_;
                return;
            }
            queue_.push_back(message);
            // Only a writer that sleeps needs the (system) call; a busy one finds the line anyway.
            const bool wake = writerWaiting_;
            lock.unlock();
            if (wake) wake_.notify_one();
            return;
        }
    }
    // Closed (at shutdown, or while close() drains): written here so that no line is lost. The
    // channels behind (POCO's formatting, console and file channels) are thread-safe.
    target_->log(message);
}

void AsyncLogChannel::close() {
    std::thread writer;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        writer.swap(writer_);
    }
    if (!writer.joinable()) return;  // never opened, or closed already
    wake_.notify_one();
    writer.join();  // the writer leaves once the queue is empty
    if (const std::uint64_t rest = droppedSinceReport_.exchange(0)) reportDrops(rest, "");
    if (const std::uint64_t total = droppedTotal_.load()) reportDrops(total, " in all, since the start");
}

void AsyncLogChannel::run() {
    std::vector<Poco::Message> batch;
    std::unique_lock lock(mutex_);
    for (;;) {
        while (queue_.empty() && !stopping_) {
            writerWaiting_ = true;
            wake_.wait(lock);
            writerWaiting_ = false;
        }
        if (queue_.empty()) return;  // stopping, and everything is written (close() reports the rest)
        batch.swap(queue_);  // the request threads fill the other buffer meanwhile
        // Lines dropped so far came after the ones in this batch: reported right after them.
        std::uint64_t lost = droppedSinceReport_.exchange(0);
        lock.unlock();
        for (const Poco::Message& message : batch) {
            try {
                target_->log(message);
            } catch (const std::exception&) {  // Poco::Exception too: the file cannot be written
                ++lost;
                ++droppedTotal_;
            }
        }
        batch.clear();
        if (lost != 0) reportDrops(lost, "");
        lock.lock();
    }
}

void AsyncLogChannel::reportDrops(std::uint64_t count, const char* what) {
    const std::string text = std::to_string(count) + " log lines dropped" + what +
                             ": the log queue (capacity " + std::to_string(capacity_) +
                             ") was full or the log could not be written";
    try {
        target_->log(Poco::Message("deskauth.log", text, Poco::Message::PRIO_WARNING));
    } catch (const std::exception&) {  // nowhere left to say it
    }
}

}  // namespace deskauth::log
