#include "diagnostics/DiagnosticReport.h"
#include "diagnostics/PortOwner.h"

#include <Poco/Net/ServerSocket.h>
#include <gtest/gtest.h>
#include <unistd.h>

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

#if defined(__linux__)
TEST(PortOwner, FindsThisProcessListeningOnAPort) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    const auto owner = findListeningPortOwner(socket.address().port());
    ASSERT_TRUE(owner);
    EXPECT_EQ(owner->pid, ::getpid());
    EXPECT_EQ(owner->name.rfind("deskauth_unit", 0), 0u) << owner->name;  // comm is cut to 15 characters
}

TEST(PortOwner, NobodyOwnsAPortNobodyListensOn) {
    int port = 0;
    {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        port = socket.address().port();
    }
    EXPECT_FALSE(findListeningPortOwner(port));
}
#endif
