#include "redirect/SingleInstance.h"

#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>

using deskauth::SingleInstance;

namespace {

std::string temporarySocket() {
    static std::atomic<int> n{0};
    return "/tmp/deskauth-test-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".sock";
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

TEST(SingleInstance, ForwardsAMessageToTheRunningInstance) {
    const std::string path = temporarySocket();
    Inbox inbox;
    SingleInstance running(path, inbox.handler());
    EXPECT_TRUE(SingleInstance::forward(path, "com.deskauth.desktop:/callback?code=c&state=s"));
    std::unique_lock lock(inbox.mutex);
    ASSERT_TRUE(inbox.arrived.wait_for(lock, std::chrono::seconds(5), [&] { return !inbox.messages.empty(); }));
    EXPECT_EQ(inbox.messages[0], "com.deskauth.desktop:/callback?code=c&state=s");
}

TEST(SingleInstance, SocketIsOwnerOnly) {
    const std::string path = temporarySocket();
    Inbox inbox;
    SingleInstance running(path, inbox.handler());
    struct stat info{};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST(SingleInstance, NoRunningInstanceMeansNotForwarded) {
    EXPECT_FALSE(SingleInstance::forward(temporarySocket(), "hello"));
}

TEST(SingleInstance, ASecondInstanceCannotTakeOverALiveOne) {
    const std::string path = temporarySocket();
    Inbox inbox;
    SingleInstance running(path, inbox.handler());
    EXPECT_THROW(SingleInstance(path, inbox.handler()), std::runtime_error);
}

TEST(SingleInstance, ReplacesAStaleSocketFromACrashedInstance) {
    const std::string path = temporarySocket();
    {  // a socket file nobody listens on, as a crash leaves it
        int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strcpy(address.sun_path, path.c_str());
        ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        ::close(fd);
    }
    Inbox inbox;
    SingleInstance running(path, inbox.handler());
    EXPECT_TRUE(SingleInstance::forward(path, "after crash"));
}

TEST(SingleInstance, OversizedMessagesAreNotSent) {
    const std::string path = temporarySocket();
    Inbox inbox;
    SingleInstance running(path, inbox.handler());
    EXPECT_FALSE(SingleInstance::forward(path, std::string(SingleInstance::maxMessageBytes + 1, 'a')));
}

TEST(SingleInstance, RefusesALineOverTheLimitAndKeepsServing) {
    const std::string path = temporarySocket();
    Inbox inbox;
    SingleInstance running(path, inbox.handler());
    {  // one byte more than a message may have, and no end of line: refused without an answer
        int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strcpy(address.sun_path, path.c_str());
        ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        const std::string tooLong(SingleInstance::maxMessageBytes + 1, 'a');
        ASSERT_EQ(::send(fd, tooLong.data(), tooLong.size(), 0), static_cast<ssize_t>(tooLong.size()));
        char answer[3];
        EXPECT_EQ(::recv(fd, answer, sizeof answer, 0), 0);  // closed without "ok"
        ::close(fd);
    }
    EXPECT_TRUE(SingleInstance::forward(path, "still serving"));
    std::unique_lock lock(inbox.mutex);
    ASSERT_TRUE(inbox.arrived.wait_for(lock, std::chrono::seconds(5), [&] { return !inbox.messages.empty(); }));
    EXPECT_EQ(inbox.messages, std::vector<std::string>{"still serving"});
}

TEST(SingleInstance, RemovesItsSocketWhenItEnds) {
    const std::string path = temporarySocket();
    {
        Inbox inbox;
        SingleInstance running(path, inbox.handler());
    }
    EXPECT_NE(::access(path.c_str(), F_OK), 0);
}
