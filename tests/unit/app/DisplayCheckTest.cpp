#include "shell/DisplayCheck.h"

#include <Poco/Environment.h>
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

using deskauth::app::hasDisplay;

namespace {

// DISPLAY and WAYLAND_DISPLAY as a test sets them, restored afterwards.
class DisplayCheck : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY"}) {
            saved_.emplace_back(name, Poco::Environment::has(name), Poco::Environment::get(name, ""));
            Poco::Environment::set(name, "");
        }
    }
    void TearDown() override {
        for (const auto& [name, had, value] : saved_) Poco::Environment::set(name, had ? value : "");
    }

private:
    std::vector<std::tuple<std::string, bool, std::string>> saved_;
};

}  // namespace

#if defined(_WIN32)
// Windows never sets DISPLAY: a plain start must open the window, not say "no display found".
TEST_F(DisplayCheck, WindowsHasADisplayWithoutDisplayVariables) { EXPECT_TRUE(hasDisplay()); }
#else
TEST_F(DisplayCheck, NoDisplayVariableMeansHeadless) { EXPECT_FALSE(hasDisplay()); }

TEST_F(DisplayCheck, DisplayOrWaylandDisplayIsEnough) {
    Poco::Environment::set("DISPLAY", ":99");
    EXPECT_TRUE(hasDisplay());
    Poco::Environment::set("DISPLAY", "");
    Poco::Environment::set("WAYLAND_DISPLAY", "wayland-0");
    EXPECT_TRUE(hasDisplay());
}
#endif
