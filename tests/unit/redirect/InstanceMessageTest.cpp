#include "redirect/InstanceMessage.h"

#include <gtest/gtest.h>

using namespace deskauth;
using State = InstanceMessage::State;

TEST(InstanceMessage, IsCompleteAtTheFirstNewline) {
    const auto message = InstanceMessage::frame("com.x:/callback?code=c\nrest", 64);
    EXPECT_EQ(message.state, State::complete);
    EXPECT_EQ(message.line, "com.x:/callback?code=c");
    EXPECT_EQ(InstanceMessage::frame("\n", 64).state, State::complete);
    EXPECT_EQ(InstanceMessage::frame("\n", 64).line, "");
}

TEST(InstanceMessage, WaitsForMoreUntilTheLimit) {
    EXPECT_EQ(InstanceMessage::frame("", 4).state, State::incomplete);
    EXPECT_EQ(InstanceMessage::frame("abcd", 4).state, State::incomplete);
    EXPECT_EQ(InstanceMessage::frame("abcde", 4).state, State::oversized);
}

TEST(InstanceMessage, ALineOfExactlyTheLimitIsAcceptedAndOneMoreIsNot) {
    EXPECT_EQ(InstanceMessage::frame("abcd\n", 4).state, State::complete);
    EXPECT_EQ(InstanceMessage::frame("abcde\n", 4).state, State::oversized);
    EXPECT_TRUE(InstanceMessage::frame("abcde\n", 4).line.empty());
}
