// deskauth-api's options.
#include "CommandLine.h"

#include <gtest/gtest.h>

using deskauth::api::CommandLine;

TEST(CommandLine, ReadsEveryOptionInBothSpellings) {
    const auto line = CommandLine::parse({"--config", "/etc/api.json", "--port=0", "--issuer", "https://127.0.0.1:9",
                                          "--validation=introspection", "--log-level", "debug", "--test-endpoints"});
    EXPECT_EQ(line.configPath, "/etc/api.json");
    EXPECT_EQ(line.port, 0);
    EXPECT_EQ(line.issuer, "https://127.0.0.1:9");
    EXPECT_EQ(line.validation, "introspection");
    EXPECT_EQ(line.logLevel, "debug");
    EXPECT_TRUE(line.testEndpoints);
    EXPECT_FALSE(line.help);
}

TEST(CommandLine, DefaultsToTheRepositoryConfig) {
    const auto line = CommandLine::parse({});
    EXPECT_EQ(line.configPath, "config/api.json");
    EXPECT_FALSE(line.port);
    EXPECT_TRUE(CommandLine::parse({"--help"}).help);
}

TEST(CommandLine, RefusesMistakesWithAMessage) {
    EXPECT_THROW(CommandLine::parse({"--port", "http"}), std::invalid_argument);
    EXPECT_THROW(CommandLine::parse({"--port", "65536"}), std::invalid_argument);
    EXPECT_THROW(CommandLine::parse({"--port", "-1"}), std::invalid_argument);
    EXPECT_THROW(CommandLine::parse({"--port"}), std::invalid_argument);
    EXPECT_THROW(CommandLine::parse({"--validation", "none"}), std::invalid_argument);
    EXPECT_THROW(CommandLine::parse({"--verbose"}), std::invalid_argument);
}
