#include "ApiServer.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureServerSocket.h>

#include <cerrno>

namespace deskauth::api {
namespace {

Poco::Net::Context::Ptr serverContext(const ServerSettings& settings) {
    Poco::Net::initializeSSL();
    Poco::Net::Context::Params params;
    params.certificateFile = settings.certificateFile;
    params.privateKeyFile = settings.privateKeyFile;
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;  // clients authenticate with tokens, not certificates
    params.loadDefaultCAs = false;
    params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
    try {
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
        context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                                  Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
        return context;
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("the TLS certificate " + settings.certificateFile + " or key " +
                                 settings.privateKeyFile + " cannot be used: " + e.displayText());
    }
}

}  // namespace

PortInUse::PortInUse(int port)
    : std::runtime_error("port " + std::to_string(port) + " on 127.0.0.1 is already in use") {}

ApiServer::ApiServer(const ServerSettings& settings, const ApiService& service, const RequestLog& log)
    : pool_(2, settings.maxThreads) {
    Poco::Net::SecureServerSocket socket(serverContext(settings));
    try {
        // Loopback only. SO_REUSEPORT stays off so that a second instance cannot share the port.
        socket.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(settings.port)), true, false);
        socket.listen(64);
    } catch (const Poco::IOException& e) {
        if (e.code() == EADDRINUSE || e.message().find("already in use") != std::string::npos) {
            throw PortInUse(settings.port);
        }
        throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(settings.port) + ": " +
                                 e.displayText());
    }

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(settings.maxThreads);
    params->setMaxQueued(settings.maxQueued);
    params->setTimeout(Poco::Timespan(settings.requestTimeout.count(), 0));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(settings.keepAliveTimeout.count(), 0));
    params->setMaxKeepAliveRequests(10000);
    params->setServerName("127.0.0.1");
    factory_ = new ApiConnectionFactory(params, service, log);
    server_ = std::make_unique<Poco::Net::TCPServer>(factory_, pool_, socket, params);
}

ApiServer::~ApiServer() { stop(); }

void ApiServer::start() { server_->start(); }

void ApiServer::stop() {
    if (stopped_) return;
    stopped_ = true;
    server_->stop();       // no new connections
    factory_->stopAll();   // finish requests in progress, close idle keep-alive connections
    pool_.joinAll();
}

int ApiServer::port() const { return server_->port(); }

}  // namespace deskauth::api
