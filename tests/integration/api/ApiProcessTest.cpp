// deskauth-api as a process: its stdout line, exit codes, signals and hostile connections.
#include "ApiProcess.h"

#include "support/TestPaths.h"

#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <csignal>

using namespace deskauth;
using namespace deskauth::test;

namespace {

const std::string unusedIssuer = "https://127.0.0.1:9";  // nothing listens: these tests need no tokens

}  // namespace

TEST(ApiProcess, PrintsItsAddressAndStopsCleanlyOnSigterm) {
    ApiProcess api({"--issuer", unusedIssuer});
    EXPECT_GT(api.port(), 0);
    EXPECT_EQ(api.get("/api/health").status, 200);
    EXPECT_EQ(api.stop(SIGTERM), 0);
    EXPECT_NE(api.log().find("stopping (SIGTERM)"), std::string::npos);
    EXPECT_NE(api.log().find("stopped"), std::string::npos);
}

TEST(ApiProcess, StopsCleanlyOnSigintEvenWithAnIdleKeepAliveConnection) {
    ApiProcess api({"--issuer", unusedIssuer});
    Poco::Net::StreamSocket idle(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(api.port())));
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(api.stop(SIGINT), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5)) << "does not wait for idle clients";
}

TEST(ApiProcess, ABusyPortIsExitCode2WithAClearMessage) {
    ApiProcess first({"--issuer", unusedIssuer});
    const auto second = ApiProcess::runToCompletion(
        {"--config", sourceDir() + "/config/api.json", "--port", std::to_string(first.port())});
    EXPECT_EQ(second.code, 2);
    EXPECT_EQ(second.out, "");
    EXPECT_EQ(second.err, "deskauth-api: port " + std::to_string(first.port()) + " on 127.0.0.1 is already in use\n");
    EXPECT_EQ(first.get("/api/health").status, 200) << "the first instance is unaffected";
}

TEST(ApiProcess, AMalformedConfigIsExitCode1NamingTheFileAndField) {
    const std::string broken = temporaryFile("{\"server\": {\"port\": 8444,");
    auto result = ApiProcess::runToCompletion({"--config", broken});
    EXPECT_EQ(result.code, 1);
    EXPECT_NE(result.err.find("The configuration in " + broken + " is not valid: (JSON) is not valid JSON"),
              std::string::npos)
        << result.err;

    const std::string wrongType = temporaryFile(R"({"server": {"port": "8444"}})");
    result = ApiProcess::runToCompletion({"--config", wrongType});
    EXPECT_EQ(result.code, 1);
    EXPECT_NE(result.err.find(wrongType + " is not valid: server.port must be a whole number"), std::string::npos)
        << result.err;

    result = ApiProcess::runToCompletion({"--config", "/nonexistent/api.json"});
    EXPECT_EQ(result.code, 1);
    EXPECT_NE(result.err.find("/nonexistent/api.json"), std::string::npos);
}

TEST(ApiProcess, BadOptionsAreExitCode1AndHelpIsExitCode0) {
    auto result = ApiProcess::runToCompletion({"--port", "http"});
    EXPECT_EQ(result.code, 1);
    EXPECT_NE(result.err.find("--port must be a number"), std::string::npos);
    result = ApiProcess::runToCompletion({"--config", sourceDir() + "/config/api.json", "--issuer", "http://127.0.0.1:8443"});
    EXPECT_EQ(result.code, 1);
    EXPECT_NE(result.err.find("must be an https:// URL"), std::string::npos);
    result = ApiProcess::runToCompletion({"--help"});
    EXPECT_EQ(result.code, 0);
    EXPECT_NE(result.out.find("Usage: deskauth-api"), std::string::npos);
}

TEST(ApiProcess, SurvivesPlainTextAndHalfOpenConnections) {
    ApiProcess api({"--issuer", unusedIssuer});
    const Poco::Net::SocketAddress address("127.0.0.1", static_cast<Poco::UInt16>(api.port()));
    {
        Poco::Net::StreamSocket plain(address);  // HTTP without TLS on the HTTPS port
        const std::string request = "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n";
        plain.sendBytes(request.data(), static_cast<int>(request.size()));
        char buffer[256];
        plain.setReceiveTimeout(Poco::Timespan(2, 0));
        try {
            plain.receiveBytes(buffer, sizeof buffer);
        } catch (const Poco::Exception&) {
        }
    }
    {
        Poco::Net::StreamSocket silent(address);  // connects and says nothing
        Poco::Net::StreamSocket garbage(address);
        const std::string junk(4096, '\x16');
        garbage.sendBytes(junk.data(), static_cast<int>(junk.size()));
        EXPECT_EQ(api.get("/api/health").status, 200) << "other clients are still served";
    }
    EXPECT_EQ(api.get("/api/health").status, 200);
    EXPECT_EQ(api.stop(), 0);
}
