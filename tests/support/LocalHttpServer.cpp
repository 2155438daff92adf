#include "support/LocalHttpServer.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

namespace deskauth::test {
namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(const LocalHttpServer::Handler& handler) : handler_(handler) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        HttpRequest copy;
        copy.method = request.getMethod();
        copy.url = request.getURI();
        for (const auto& [name, value] : request) copy.headers.emplace_back(name, value);
        Poco::StreamCopier::copyToString(request.stream(), copy.body);
        HttpResponse answer = handler_(copy);
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
        for (const auto& [name, value] : answer.headers) response.add(name, value);
        response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
        response.send() << answer.body;
    }

private:
    const LocalHttpServer::Handler& handler_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(const LocalHttpServer::Handler& handler) : handler_(handler) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(handler_);
    }

private:
    const LocalHttpServer::Handler& handler_;
};

}  // namespace

LocalHttpServer::LocalHttpServer(Handler handler) : handler_(std::move(handler)) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(16);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(handler_), socket, params);
    server_->start();
}

LocalHttpServer::~LocalHttpServer() { server_->stopAll(true); }

std::string LocalHttpServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
}

}  // namespace deskauth::test
