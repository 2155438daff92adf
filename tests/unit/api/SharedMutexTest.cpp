// SharedMutex (the API caches' readers/writer lock): exclusive means one writer and no reader,
// from the very first use of a new lock, which is where MinGW's std::shared_mutex failed
// (SharedMutex.h). Each round makes a new lock and releases its threads together on a latch, so the
// first lock calls of that lock happen at the same time on every thread.
#include "SharedMutex.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

using deskauth::api::SharedMutex;

TEST(SharedMutex, FromItsFirstUseAWriterExcludesEveryOtherThread) {
    constexpr int rounds = 100, writers = 4, readers = 2, iterations = 200;
    int overlaps = 0, lostUpdates = 0;
    for (int round = 0; round < rounds; ++round) {
        SharedMutex mutex;
        std::latch start(writers + readers);
        std::atomic<int> inside{0};         // writers inside the exclusive lock (1 at most)
        std::atomic<int> writersSeen{0};    // times a writer or a reader saw another writer inside
        long counter = 0;                   // plain: only an exclusive holder changes it
        std::vector<std::thread> threads;
        for (int w = 0; w < writers; ++w) {
            threads.emplace_back([&] {
                start.arrive_and_wait();
                for (int i = 0; i < iterations; ++i) {
                    std::unique_lock lock(mutex);
                    if (inside.fetch_add(1) != 0) ++writersSeen;
                    ++counter;
                    inside.fetch_sub(1);
                }
            });
        }
        for (int r = 0; r < readers; ++r) {
            threads.emplace_back([&] {
                start.arrive_and_wait();
                for (int i = 0; i < iterations; ++i) {
                    std::shared_lock lock(mutex);
                    if (inside.load() != 0) ++writersSeen;
                }
            });
        }
        for (auto& thread : threads) thread.join();
        overlaps += writersSeen.load();
        if (counter != static_cast<long>(writers) * iterations) ++lostUpdates;
    }
    EXPECT_EQ(overlaps, 0) << "threads were inside the lock beside a writer";
    EXPECT_EQ(lostUpdates, 0) << "rounds whose counter lost increments made under the exclusive lock";
}

TEST(SharedMutex, ReadersShareTheLockAndTryLockRespectsIt) {
    SharedMutex mutex;
    std::shared_lock first(mutex);
    std::shared_lock second(mutex, std::try_to_lock);
    EXPECT_TRUE(second.owns_lock()) << "a second reader is let in beside the first";
    std::thread writer([&] {
        std::unique_lock attempt(mutex, std::try_to_lock);
        EXPECT_FALSE(attempt.owns_lock()) << "no writer while readers hold the lock";
    });
    writer.join();
}
