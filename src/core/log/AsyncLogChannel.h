#pragma once
// A Poco::Channel that takes log lines off the calling thread: log() copies the message into a
// bounded in-memory queue and returns; one writer thread passes the queued messages, in order, to
// the channel behind it (formatting, stderr, file). When the queue is full the message is not
// queued but counted, and the writer reports the count as a warning line as soon as it has
// written what was queued ("N log lines dropped ..."), and the total again at close().
// Why not Poco::AsyncChannel: without "queueSize" it is unbounded (a slow disk grows memory
// without limit), and with it (POCO 1.11) its drop counter is a plain size_t raced by every
// logging thread, the drops are reported only when a later line gets in and never at close, and
// close() polls the queue in 100 ms sleeps.
// Threads: log() from any thread, never waits for the writer (it holds the queue's mutex only to
// append); the writer thread is started by open() (or the first log()) and is the only caller of
// the channel behind it; close() writes everything still queued and joins the writer, and is
// called from one thread (the destructor calls it too).
#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Message.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace deskauth::log {

class AsyncLogChannel final : public Poco::Channel {
public:
    using Ptr = Poco::AutoPtr<AsyncLogChannel>;
    // Enough for a burst of several seconds of a busy API's request lines (a few MiB at most).
    static constexpr std::size_t defaultCapacity = 16384;

    // `capacity`: how many messages may wait for the writer (at least 1).
    explicit AsyncLogChannel(Poco::AutoPtr<Poco::Channel> target, std::size_t capacity = defaultCapacity);

    void open() override;
    void close() override;
    void log(const Poco::Message& message) override;

    // Messages not queued because the queue was full, since the channel was made.
    std::uint64_t dropped() const { return droppedTotal_.load(); }

private:
    ~AsyncLogChannel() override;  // reference counted, as every Poco::Channel

    void run();
    void reportDrops(std::uint64_t count, const char* what);

    Poco::AutoPtr<Poco::Channel> target_;  // set once, by the constructor
    const std::size_t capacity_;

    std::mutex mutex_;  // guards queue_, stopping_, writerWaiting_, writer_
    std::condition_variable wake_;
    std::vector<Poco::Message> queue_;
    bool stopping_ = false;
    bool writerWaiting_ = false;
    std::thread writer_;

    std::atomic<std::uint64_t> droppedSinceReport_{0};
    std::atomic<std::uint64_t> droppedTotal_{0};
};

}  // namespace deskauth::log
