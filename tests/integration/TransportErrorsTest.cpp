// What the user is told when a secure connection fails, against real sockets: the development
// authorization server without its CA, a server that hangs up mid-handshake, and a closed port.
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "support/AuthServerProcess.h"
#include "support/TestPaths.h"

#include <Poco/FileStream.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include <thread>

using namespace deskauth;
using namespace deskauth::test;

namespace {

std::string userMessageOf(PocoHttpTransport& transport, const std::string& url) {
    try {
        transport.send(HttpRequest{"GET", url, {}, {}, {}});
    } catch (const NetworkError& e) {
        return e.userMessage();
    }
    return "(no error)";
}

}  // namespace

TEST(TransportErrors, AServerWhoseCaIsNotTrustedIsReportedAsUntrusted) {
    AuthServerProcess server;
    PocoHttpTransport withoutDevCa{TransportSettings{}};  // system CAs only: TLS verification stays on
    EXPECT_NE(userMessageOf(withoutDevCa, server.issuer() + "/.well-known/openid-configuration").find("is not trusted"),
              std::string::npos);
    PocoHttpTransport withDevCa{TransportSettings{devCertsDir() + "/ca.pem"}};
    EXPECT_EQ(withDevCa.send(HttpRequest{"GET", server.issuer() + "/.well-known/openid-configuration", {}, {}, {}}).status,
              200);
}

TEST(TransportErrors, AServerThatHangsUpDuringTheHandshakeIsNotBlamedOnItsCertificate) {
    Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", 0));
    std::thread hangUp([&] {
        Poco::Net::StreamSocket accepted = listener.acceptConnection();
        accepted.close();
    });
    PocoHttpTransport transport{TransportSettings{}};
    const std::string where = "127.0.0.1:" + std::to_string(listener.address().port());
    const std::string message = userMessageOf(transport, "https://" + where + "/");
    hangUp.join();
    // a FIN reads as an unexpected EOF ("was closed before the server answered"); a close with the
    // ClientHello unread sends a RST ("The connection to ... failed"): neither is a certificate problem
    EXPECT_NE(message.find(where), std::string::npos) << message;
    EXPECT_TRUE(message.find("was closed before the server answered") != std::string::npos ||
                message.find("The connection to " + where + " failed") != std::string::npos)
        << message;
    EXPECT_EQ(message.find("certificate"), std::string::npos) << message;
}

TEST(TransportErrors, AClosedPortIsReportedAsNotReachable) {
    std::uint16_t port;
    {
        Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
        port = probe.address().port();
    }
    PocoHttpTransport transport{TransportSettings{}};
    const std::string message = userMessageOf(transport, "https://127.0.0.1:" + std::to_string(port) + "/");
    EXPECT_NE(message.find("is not reachable"), std::string::npos) << message;
}

// The TLS context is made at the first https request (or prepareTls), not with the transport: so a
// CA file that is not PEM is that request's error, in words naming the file, and not a crash at
// start-up; it stays an error for every later request (nothing falls back to fewer CAs).
TEST(TransportErrors, ACaFileThatCannotBeReadIsAnErrorNamingItAtFirstUse) {
    Poco::TemporaryFile notPem;
    Poco::FileOutputStream(notPem.path()) << "this is not a certificate\n";
    TransportSettings settings;
    settings.extraCaFile = notPem.path();
    PocoHttpTransport transport{settings};  // reads nothing yet
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            transport.prepareTls();
            ADD_FAILURE() << "prepareTls accepted a CA file that is not PEM";
        } catch (const NetworkError& e) {
            EXPECT_NE(e.userMessage().find("tls.extraCaFile (" + notPem.path() + ")"), std::string::npos) << e.userMessage();
            EXPECT_FALSE(e.id().empty());
            EXPECT_NE(e.details().find("TLS context"), std::string::npos) << e.details();
        }
    }
    EXPECT_NE(userMessageOf(transport, "https://127.0.0.1:9/").find("certificate authorities"), std::string::npos);
}
