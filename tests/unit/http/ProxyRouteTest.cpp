#include "errors/Errors.h"
#include "http/ProxyRoute.h"

#include <Poco/Environment.h>
#include <gtest/gtest.h>

#include <cstdlib>

using namespace deskauth;

namespace {

void setVariable(const char* name, const char* value) {
#ifdef _WIN32
    ::_putenv_s(name, value);
#else
    ::setenv(name, value, 1);
#endif
}

void unsetVariable(const char* name) {
#ifdef _WIN32
    ::_putenv_s(name, "");  // an empty value removes the variable on Windows
#else
    ::unsetenv(name);
#endif
}

// Clears the proxy variables for a test and restores nothing: tests run in their own process.
class ProxyRouteTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* name : {"HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"}) unsetVariable(name);
    }
};

}  // namespace

TEST_F(ProxyRouteTest, NoProxyConfiguredMeansDirect) {
    EXPECT_TRUE(chooseProxy("", "", "idp.example.com").direct());
    EXPECT_EQ(chooseProxy("", "", "idp.example.com").describe(), "directly (no proxy)");
}

TEST_F(ProxyRouteTest, ConfiguredProxyWinsOverTheEnvironment) {
    setVariable("HTTPS_PROXY", "http://env-proxy:8080");
    const ProxyRoute route = chooseProxy("http://corp-proxy:3128", "", "idp.example.com");
    EXPECT_EQ(route.host, "corp-proxy");
    EXPECT_EQ(route.port, 3128);
    EXPECT_EQ(route.describe(), "through the proxy corp-proxy:3128 (proxy.url)");
}

TEST_F(ProxyRouteTest, EnvironmentProxyIsUsedAndNamed) {
    setVariable("https_proxy", "env-proxy:8080");  // curl also accepts it without a scheme
    const ProxyRoute route = chooseProxy("", "", "idp.example.com");
    EXPECT_EQ(route.host, "env-proxy");
    EXPECT_EQ(route.port, 8080);
#if defined(_WIN32)
    EXPECT_EQ(route.source, "HTTPS_PROXY");  // Windows' variable names ignore case: the same variable
#else
    EXPECT_EQ(route.source, "https_proxy");
#endif
}

TEST_F(ProxyRouteTest, NoProxyMatchesHostsAndTheirSubdomains) {
    setVariable("NO_PROXY", "example.com, .internal");
    EXPECT_TRUE(chooseProxy("http://p:1", "", "example.com").direct());
    EXPECT_TRUE(chooseProxy("http://p:1", "", "login.example.com").direct());
    EXPECT_TRUE(chooseProxy("http://p:1", "", "idp.internal").direct());
    EXPECT_FALSE(chooseProxy("http://p:1", "", "notexample.com").direct());
    EXPECT_TRUE(chooseProxy("http://p:1", "*", "anything.org").direct()) << "configured noProxy replaces NO_PROXY";
    EXPECT_FALSE(chooseProxy("http://p:1", "other.org", "example.com").direct());
}

TEST_F(ProxyRouteTest, LoopbackIsDirectUnlessTheListSaysMinusLoopback) {
    for (const char* host : {"127.0.0.1", "::1", "localhost"}) {
        EXPECT_TRUE(chooseProxy("http://p:1", "", host).direct()) << host;
        EXPECT_FALSE(chooseProxy("http://p:1", "<-loopback>", host).direct()) << host;
    }
}

TEST_F(ProxyRouteTest, AnUnreadableProxyUrlIsAProxyError) {
    try {
        chooseProxy("http://[broken", "", "idp.example.com");
        FAIL() << "no error";
    } catch (const NetworkError& e) {
        EXPECT_EQ(e.failure(), NetworkFailure::Proxy);
    }
}
