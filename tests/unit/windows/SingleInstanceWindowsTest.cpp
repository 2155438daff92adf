// The Windows single-instance channel (SingleInstanceWindows.cpp): the owner-only named pipe that a
// second DeskAuth, started by the shell with a private-URI redirect, forwards the URL over.
// Against the real named pipes (Wine's under scripts/windows/test).
#include "redirect/SingleInstance.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

using deskauth::SingleInstance;

namespace {

// A channel name of this test's own, under the user's pipe name prefix.
std::string temporaryPipe() {
    static std::atomic<int> n{0};
    return SingleInstance::socketPath("deskauth-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                      "-" + std::to_string(++n));
}

struct Inbox {
    std::mutex mutex;
    std::condition_variable arrived;
    std::vector<std::string> messages;
    SingleInstance::Handler handler() {
        return [this](const std::string& m) {
            std::lock_guard lock(mutex);
            messages.push_back(m);
            arrived.notify_all();
        };
    }
};

}  // namespace

TEST(SingleInstanceWindows, ThePipeNameIsPerUser) {
    const std::string name = SingleInstance::socketPath("deskauth");
    EXPECT_EQ(name.rfind("\\\\.\\pipe\\deskauth-S-1-", 0), 0u) << name;  // \\.\pipe\deskauth-<user SID>-deskauth
}

TEST(SingleInstanceWindows, ForwardsAMessageToTheRunningInstance) {
    const std::string path = temporaryPipe();
    Inbox inbox;
    SingleInstance running(path, inbox.handler());
    EXPECT_TRUE(SingleInstance::forward(path, "com.deskauth.desktop:/callback?code=c&state=s"));
    std::unique_lock lock(inbox.mutex);
    ASSERT_TRUE(inbox.arrived.wait_for(lock, std::chrono::seconds(30), [&] { return !inbox.messages.empty(); }));
    EXPECT_EQ(inbox.messages[0], "com.deskauth.desktop:/callback?code=c&state=s");
}

TEST(SingleInstanceWindows, NoRunningInstanceMeansNotForwarded) {
    EXPECT_FALSE(SingleInstance::forward(temporaryPipe(), "hello"));
}

TEST(SingleInstanceWindows, ASecondInstanceCannotTakeOverALiveOne) {
    const std::string path = temporaryPipe();
    Inbox inbox;
    SingleInstance running(path, inbox.handler());
    EXPECT_THROW(SingleInstance(path, inbox.handler()), std::runtime_error);
}

TEST(SingleInstanceWindows, OversizedMessagesAreNotSent) {
    const std::string path = temporaryPipe();
    Inbox inbox;
    SingleInstance running(path, inbox.handler());
    EXPECT_FALSE(SingleInstance::forward(path, std::string(SingleInstance::maxMessageBytes + 1, 'a')));
}

TEST(SingleInstanceWindows, ThePipeEndsWithItsInstance) {
    const std::string path = temporaryPipe();
    {
        Inbox inbox;
        SingleInstance running(path, inbox.handler());
    }
    EXPECT_FALSE(SingleInstance::forward(path, "after the end"));
    Inbox inbox;
    SingleInstance next(path, inbox.handler());  // and a new instance can take the name
    EXPECT_TRUE(SingleInstance::forward(path, "to the new one"));
}
