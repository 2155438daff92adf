// What another user on this machine, or another host on the network, can reach of a running
// DeskAuth: the loopback redirect listener (RFC 8252 §7.3/§8.3), the single-instance channel, and
// the files DeskAuth writes (the cross-process refresh lock). "Another user" is a real one: a
// child process that switched to `nobody` (uid 65534), so these cases need root, as CI runs them.
#include "errors/Errors.h"
#include "platform/PrivateRuntimeDir.h"
#include "redirect/LoopbackListener.h"
#include "redirect/SingleInstance.h"
#include "storage/CrossProcessLock.h"

#include <Poco/File.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <grp.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <functional>

using namespace deskauth;

namespace {

constexpr uid_t nobody = 65534;

// Runs `body` in a child process as user `nobody` and returns its exit code. The child may only
// do what is safe after fork() in a threaded process when other threads run (raw system calls).
int asAnotherUser(const std::function<int()>& body) {
    if (::geteuid() != 0) {
        ADD_FAILURE() << "this test acts as another user (nobody) and must run as root, as CI does";
        return -1;
    }
    const pid_t child = ::fork();
    if (child == 0) {
        if (::setgroups(0, nullptr) != 0 || ::setgid(nobody) != 0 || ::setuid(nobody) != 0) ::_exit(100);
        ::_exit(body());
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Every address of this machine's interfaces except 127.0.0.1 itself, plus 127.0.0.2 (another
// loopback address, so the list is never empty): a listener on 127.0.0.1 only answers none of them.
std::vector<Poco::Net::SocketAddress> otherAddresses(Poco::UInt16 port) {
    std::vector<Poco::Net::SocketAddress> found{Poco::Net::SocketAddress("127.0.0.2", port)};
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return found;
    for (ifaddrs* it = list; it; it = it->ifa_next) {
        if (!it->ifa_addr) continue;
        char text[INET6_ADDRSTRLEN] = {};
        if (it->ifa_addr->sa_family == AF_INET) {
            auto* v4 = reinterpret_cast<sockaddr_in*>(it->ifa_addr);
            ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
            if (std::string(text) != "127.0.0.1") found.emplace_back(text, port);
        } else if (it->ifa_addr->sa_family == AF_INET6) {
            auto* v6 = reinterpret_cast<sockaddr_in6*>(it->ifa_addr);
            if (IN6_IS_ADDR_LINKLOCAL(&v6->sin6_addr)) continue;  // needs a scope; global ones suffice
            ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
            found.emplace_back(text, port);  // ::1 included: the listener is IPv4 loopback only
        }
    }
    ::freeifaddrs(list);
    return found;
}

bool connects(const Poco::Net::SocketAddress& address) {
    try {
        Poco::Net::StreamSocket socket;
        socket.connect(address, Poco::Timespan(2, 0));
        return true;
    } catch (const Poco::Exception&) {
        return false;
    }
}

// Connects to a Unix socket and sends one line; returns what the child learnt, as an exit code:
// 10 connect refused (permissions), 11 connected but not acknowledged, 12 acknowledged.
int tryUnixSocket(const sockaddr_un& address, const char* line, std::size_t length) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return 1;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) return 10;
    if (::send(fd, line, length, MSG_NOSIGNAL) != static_cast<ssize_t>(length)) return 11;
    char ack[3] = {};
    return ::recv(fd, ack, 3, 0) == 3 && std::memcmp(ack, "ok\n", 3) == 0 ? 12 : 11;
}

// Sets or unsets an environment variable for one test and restores it afterwards.
class ScopedEnvironment {
public:
    ScopedEnvironment(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        value ? ::setenv(name, value, 1) : ::unsetenv(name);
    }
    ~ScopedEnvironment() { old_.empty() ? ::unsetenv(name_) : ::setenv(name_, old_.c_str(), 1); }

private:
    const char* name_;
    std::string old_;
};

mode_t modeOf(const std::string& path) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) return 0;
    return info.st_mode & 07777;
}

}  // namespace

TEST(LocalAttackSurface, TheLoopbackListenerAnswersOn127001OnlyNotOnTheNetworkNorOtherLoopbackAddresses) {
    LoopbackListener listener({18411, 18413}, "/callback", [](const auto&) { return CallbackPage{200, "ok", false}; });
    const auto port = static_cast<Poco::UInt16>(listener.port());
    ASSERT_TRUE(connects(Poco::Net::SocketAddress("127.0.0.1", port))) << "the listener itself is up";
    const auto others = otherAddresses(port);
    for (const auto& address : others) {
        // RFC 8252 §8.3: bound to the loopback interface only, so another host cannot reach it.
        EXPECT_FALSE(connects(address)) << "the listener answered on " << address.toString();
    }
    RecordProperty("addresses_tried", static_cast<int>(others.size()));
}

TEST(LocalAttackSurface, AnotherUserCannotReachTheSingleInstanceChannel) {
    Poco::TemporaryFile folder;  // our XDG_RUNTIME_DIR: enterable by others (0711), like /run/user is not
    folder.createDirectories();
    ::chmod(folder.path().c_str(), 0711);
    ScopedEnvironment runtimeDir("XDG_RUNTIME_DIR", folder.path().c_str());
    std::atomic<int> delivered{0};
    const std::string path = SingleInstance::socketPath("attack-surface");
    SingleInstance instance(path, [&](const std::string&) { ++delivered; });
    EXPECT_EQ(modeOf(path) & 0777, 0600u);

    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    const char line[] = "com.deskauth.desktop:/callback?code=forged&state=forged\n";
    // First defence: the socket file is 0600, so connect() fails for anyone else.
    EXPECT_EQ(asAnotherUser([&] { return tryUnixSocket(address, line, sizeof line - 1); }), 10);
    // Second defence, should the mode ever be wider: the peer's uid (SO_PEERCRED) is checked.
    ASSERT_EQ(::chmod(path.c_str(), 0666), 0);
    EXPECT_EQ(asAnotherUser([&] { return tryUnixSocket(address, line, sizeof line - 1); }), 11);
    EXPECT_EQ(delivered, 0) << "a message of another user reached the app";
    // The same user is served (so the refusals above are about the user, not a broken channel).
    EXPECT_TRUE(SingleInstance::forward(path, "hello"));
}

TEST(LocalAttackSurface, TheRefreshLockFileIsOwnerOnly) {
    CrossProcessLock lock("https://127.0.0.1:1\nattack-surface-test");
    EXPECT_EQ(modeOf(lock.path()), 0600u) << lock.path();
    struct stat info {};
    ASSERT_EQ(::stat(lock.path().c_str(), &info), 0);
    EXPECT_EQ(info.st_uid, ::getuid());
    Poco::File(lock.path()).remove();
}

TEST(LocalAttackSurface, AFolderInTmpPreparedByAnotherUserIsRefusedAndOurOwnIsPrivate) {
    // Without XDG_RUNTIME_DIR DeskAuth uses /tmp/deskauth-<uid>, a name anyone can create first.
    // Here the attacker is root and the victim is nobody.
    const std::string dir = "/tmp/deskauth-" + std::to_string(nobody);
    if (Poco::File(dir).exists()) Poco::File(dir).remove(true);
    ASSERT_EQ(::mkdir(dir.c_str(), 0777), 0);
    ::chmod(dir.c_str(), 0777);
    ScopedEnvironment runtimeDir("XDG_RUNTIME_DIR", nullptr);
    auto refusedEverywhere = [] {
        int refused = 0;
        try {
            privateRuntimeDir();
        } catch (const std::runtime_error&) {
            ++refused;
        }
        try {
            CrossProcessLock lock("x");
        } catch (const StorageError&) {
            ++refused;
        }
        try {
            SingleInstance::socketPath("deskauth");
        } catch (const std::runtime_error&) {
            ++refused;
        }
        return refused;
    };
    EXPECT_EQ(asAnotherUser(refusedEverywhere), 3) << "a folder owned by another user was used";
    Poco::File(dir).remove(true);

    // Nobody's own folder: created 0700, and the lock file in it 0600.
    EXPECT_EQ(asAnotherUser([] {
                  CrossProcessLock lock("x");
                  struct stat info {};
                  return ::stat(lock.path().c_str(), &info) == 0 && (info.st_mode & 0777) == 0600 ? 0 : 1;
              }),
              0);
    EXPECT_EQ(modeOf(dir), 0700u);
    struct stat info {};
    ASSERT_EQ(::stat(dir.c_str(), &info), 0);
    EXPECT_EQ(info.st_uid, nobody);
    Poco::File(dir).remove(true);
}
