// The log's queue and its one writer: order, nothing lost at close, drops counted and reported.
// A writer held inside the target (until the test releases it) fills the queue deterministically.
#include "log/AsyncLogChannel.h"

#include <Poco/Event.h>

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace deskauth::log;

namespace {

// Records the text of every message; when `holdFirst`, the first message keeps the writer inside
// log() until releaseWriter() (entered() is set once it is there). Not named release(): that
// would hide RefCountedObject::release, so that AutoPtr never freed the channel.
class RecordingChannel final : public Poco::Channel {
public:
    explicit RecordingChannel(bool holdFirst = false) : hold_(holdFirst) {}

    void log(const Poco::Message& message) override {
        {
            std::lock_guard lock(mutex_);
            lines_.push_back(message.getText());
            threads_.push_back(std::this_thread::get_id());
        }
        if (hold_) {
            hold_ = false;  // only the writer thread calls log() while it is held
            entered_.set();
            released_.wait();
        }
    }

    void waitUntilEntered() { entered_.wait(); }
    void releaseWriter() { released_.set(); }
    std::vector<std::string> lines() const {
        std::lock_guard lock(mutex_);
        return lines_;
    }
    std::vector<std::thread::id> threads() const {
        std::lock_guard lock(mutex_);
        return threads_;
    }

private:
    bool hold_;
    Poco::Event entered_;
    Poco::Event released_;
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
    std::vector<std::thread::id> threads_;
};

Poco::Message line(const std::string& text) {
    return Poco::Message("deskauth.test", text, Poco::Message::PRIO_INFORMATION);
}

}  // namespace

TEST(AsyncLogChannel, LinesArriveInOrderOnOneWriterThread) {
    Poco::AutoPtr<RecordingChannel> target(new RecordingChannel);
    AsyncLogChannel::Ptr channel(new AsyncLogChannel(target, 100000));
    std::vector<std::string> expected;
    for (int i = 0; i < 5000; ++i) {
        expected.push_back("line " + std::to_string(i));
        channel->log(line(expected.back()));
    }
    channel->close();
    EXPECT_EQ(target->lines(), expected);
    const auto threads = target->threads();
    ASSERT_FALSE(threads.empty());
    EXPECT_NE(threads.front(), std::this_thread::get_id()) << "written by the writer, not the caller";
    for (const auto& id : threads) EXPECT_EQ(id, threads.front());
    EXPECT_EQ(channel->dropped(), 0u);
}

TEST(AsyncLogChannel, EachThreadsLinesKeepTheirOrder) {
    Poco::AutoPtr<RecordingChannel> target(new RecordingChannel);
    AsyncLogChannel::Ptr channel(new AsyncLogChannel(target, 100000));
    constexpr int threads = 4, perThread = 1000;
    std::vector<std::thread> loggers;
    for (int t = 0; t < threads; ++t) {
        loggers.emplace_back([&, t] {
            for (int i = 0; i < perThread; ++i) channel->log(line(std::to_string(t) + ":" + std::to_string(i)));
        });
    }
    for (auto& logger : loggers) logger.join();
    channel->close();
    const auto lines = target->lines();
    ASSERT_EQ(lines.size(), static_cast<std::size_t>(threads * perThread));
    std::vector<int> next(threads, 0);
    for (const std::string& text : lines) {
        const int t = std::stoi(text.substr(0, text.find(':')));
        EXPECT_EQ(std::stoi(text.substr(text.find(':') + 1)), next[t]++) << text;
    }
}

TEST(AsyncLogChannel, CloseWritesEverythingStillQueued) {
    Poco::AutoPtr<RecordingChannel> target(new RecordingChannel(/*holdFirst=*/true));
    AsyncLogChannel::Ptr channel(new AsyncLogChannel(target, 1000));
    channel->log(line("first"));
    target->waitUntilEntered();  // the writer holds "first"; the rest waits in the queue
    for (int i = 0; i < 500; ++i) channel->log(line("queued " + std::to_string(i)));
    EXPECT_EQ(target->lines().size(), 1u);
    std::thread closer([&] { channel->close(); });
    target->releaseWriter();
    closer.join();
    const auto lines = target->lines();
    ASSERT_EQ(lines.size(), 501u);
    EXPECT_EQ(lines.back(), "queued 499");
}

TEST(AsyncLogChannel, AFullQueueCountsTheDropsAndReportsThem) {
    Poco::AutoPtr<RecordingChannel> target(new RecordingChannel(/*holdFirst=*/true));
    AsyncLogChannel::Ptr channel(new AsyncLogChannel(target, 3));
    channel->log(line("held"));
    target->waitUntilEntered();
    for (int i = 1; i <= 5; ++i) channel->log(line("line " + std::to_string(i)));  // 3 fit, 2 do not
    EXPECT_EQ(channel->dropped(), 2u);
    target->releaseWriter();
    channel->close();
    const auto lines = target->lines();
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_EQ(lines[0], "held");
    EXPECT_EQ(lines[1], "line 1");
    EXPECT_EQ(lines[3], "line 3");
    // reported as soon as the writer has written what was queued, and again at close
    EXPECT_EQ(lines[4].rfind("2 log lines dropped: the log queue (capacity 3)", 0), 0u) << lines[4];
    EXPECT_EQ(lines[5].rfind("2 log lines dropped in all", 0), 0u) << lines[5];
}

TEST(AsyncLogChannel, AfterCloseLinesAreWrittenByTheCaller) {
    Poco::AutoPtr<RecordingChannel> target(new RecordingChannel);
    AsyncLogChannel::Ptr channel(new AsyncLogChannel(target, 10));
    channel->log(line("before"));
    channel->close();
    channel->log(line("after"));
    EXPECT_EQ(target->lines(), (std::vector<std::string>{"before", "after"}));
    EXPECT_EQ(target->threads().back(), std::this_thread::get_id());
}
