#include "diagnostics/DiagnosticReport.h"
#include "diagnostics/PortOwner.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>
#if defined(_WIN32)
#include <windows.h>
#else
#include <pthread.h>
#include <unistd.h>
#endif

using namespace deskauth;

TEST(DiagnosticReport, OnlyAProblemBlocksSignIn) {
    DiagnosticReport report;
    report.add({"Configuration", CheckStatus::Ok, "fine", ""});
    report.add({"Secret store", CheckStatus::Warning, "memory only", "unlock the keyring"});
    report.add({"Private URI scheme", CheckStatus::Skipped, "not used", ""});
    EXPECT_FALSE(report.blocksSignIn());
    EXPECT_EQ(report.summary(), "Sign-in should work; 1 warning above.");
    report.add({"Loopback ports", CheckStatus::Problem, "all busy", "close them"});
    EXPECT_TRUE(report.blocksSignIn());
    EXPECT_EQ(report.summary(), "1 problem would stop a sign-in; fix the lines marked PROBLEM.");
}

TEST(DiagnosticReport, TextHasOneLinePerCheckWithItsAdviceBelow) {
    DiagnosticReport report;
    report.add({"Configuration", CheckStatus::Ok, "desktop.json is valid", ""});
    report.add({"Loopback ports", CheckStatus::Problem, "all busy", "close them"});
    EXPECT_EQ(report.text(),
              "OK      Configuration: desktop.json is valid\n"
              "PROBLEM Loopback ports: all busy\n"
              "        What to do: close them\n"
              "1 problem would stop a sign-in; fix the lines marked PROBLEM.\n");
}

#if defined(__linux__) || defined(_WIN32)
TEST(PortOwner, FindsThisProcessListeningOnAPort) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    const auto owner = findListeningPortOwner(socket.address().port());
    ASSERT_TRUE(owner);
#if defined(_WIN32)
    EXPECT_EQ(owner->pid, static_cast<int>(GetCurrentProcessId()));
    EXPECT_EQ(owner->name, "deskauth_unit_tests.exe");  // the image's file name
#else
    EXPECT_EQ(owner->pid, ::getpid());
    EXPECT_EQ(owner->name, "deskauth_unit_tests");  // the executable's file name, not comm (cut to 15)
#endif
}

#if defined(__linux__)
// Node.js 22 and later name their main thread "MainThread", which is what /proc/<pid>/comm then
// says: the owner is still named by its program, as a user knows it.
TEST(PortOwner, AProgramThatRenamesItsMainThreadIsNamedByItsExecutable) {
    char before[16] = {};
    ASSERT_EQ(pthread_getname_np(pthread_self(), before, sizeof before), 0);
    ASSERT_EQ(pthread_setname_np(pthread_self(), "MainThread"), 0);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    const auto owner = findListeningPortOwner(socket.address().port());
    pthread_setname_np(pthread_self(), before);
    ASSERT_TRUE(owner);
    EXPECT_EQ(owner->name, "deskauth_unit_tests");
}
#endif

TEST(PortOwner, NobodyOwnsAPortNobodyListensOn) {
    int port = 0;
    {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        port = socket.address().port();
    }
    EXPECT_FALSE(findListeningPortOwner(port));
}

// Each listening socket with its own address, in /proc/net/tcp{,6}'s hex form on every system
// (LoopbackListener's test reads its bind address this way): a connected socket is not listed.
TEST(PortOwner, ListsEachListeningSocketWithItsAddress) {
    Poco::Net::ServerSocket v4(Poco::Net::SocketAddress("127.0.0.2", 0));
    const int port = v4.address().port();
    Poco::Net::ServerSocket v6;
    v6.bind6(Poco::Net::SocketAddress("::1", static_cast<Poco::UInt16>(port)), false, false, true);
    v6.listen();
    Poco::Net::StreamSocket client(Poco::Net::SocketAddress("127.0.0.2", static_cast<Poco::UInt16>(port)));
    Poco::Net::StreamSocket accepted = v4.acceptConnection();

    std::vector<std::string> addresses;
    for (const auto& socket : listeningSockets(port)) addresses.push_back(socket.localAddress);
    std::sort(addresses.begin(), addresses.end());
    EXPECT_EQ(addresses, (std::vector<std::string>{"00000000000000000000000001000000", "0200007F"}));
}
#endif
