#include "errors/Errors.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

using namespace deskauth;

TEST(Errors, EveryErrorHasAReadableUniqueId) {
    std::set<std::string> ids;
    for (int i = 0; i < 200; ++i) {
        LoginRequired error;
        EXPECT_TRUE(std::regex_match(error.id(), std::regex("DA-[2-9A-HJ-NP-Z]{6}"))) << error.id();
        ids.insert(error.id());
    }
    EXPECT_EQ(ids.size(), 200u);
}

TEST(Errors, PortsBusyNamesThePorts) {
    PortsBusyError error(8001, 8003);
    EXPECT_EQ(error.kind(), ErrorKind::PortsBusy);
    EXPECT_NE(error.userMessage().find("8001"), std::string::npos);
    EXPECT_NE(error.userMessage().find("8003"), std::string::npos);
}
