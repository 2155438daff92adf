#include "http/PocoHttpTransport.h"

#include "errors/Errors.h"
#include "log/Log.h"

#include <Poco/Environment.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>

#include <memory>
#include <mutex>

namespace deskauth {
namespace {

void initialiseSslOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        // Without an explicit handler POCO may fall back to a console prompt; an invalid
        // certificate must simply fail the connection.
        Poco::Net::SSLManager::instance().initializeClient(
            nullptr, new Poco::Net::RejectCertificateHandler(false), nullptr);
    });
}

std::string environment(const char* upper, const char* lower) {
    std::string value = Poco::Environment::get(upper, "");
    return value.empty() ? Poco::Environment::get(lower, "") : value;
}

bool isLoopback(const std::string& host) {
    return host == "127.0.0.1" || host == "::1" || host == "localhost" || host.rfind("127.", 0) == 0;
}

// Reads at most `limit` bytes; a larger body is refused rather than buffered.
std::string readBody(std::istream& in, std::size_t limit, const std::string& host) {
    std::string body;
    char buffer[16384];
    while (in) {
        in.read(buffer, sizeof buffer);
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > limit) {
            throw NetworkError("The server at " + host + " sent an unexpectedly large response.",
                               "response body over " + std::to_string(limit) + " bytes");
        }
    }
    return body;
}

}  // namespace

PocoHttpTransport::PocoHttpTransport(TransportSettings settings) : settings_(std::move(settings)) {
    initialiseSslOnce();
    Poco::Net::Context::Params params;
    params.caLocation = settings_.extraCaFile;
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.loadDefaultCAs = true;
    params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
    tlsContext_ = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    tlsContext_->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                                  Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
}

bool PocoHttpTransport::bypassesProxy(const std::string& host) const {
    if (isLoopback(host)) return true;
    std::string noProxy = settings_.noProxy.empty() ? environment("NO_PROXY", "no_proxy") : settings_.noProxy;
    Poco::StringTokenizer entries(noProxy, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& entry : entries) {
        if (entry == "*") return true;
        std::string suffix = entry.front() == '.' ? entry : "." + entry;
        if (host == entry || (host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0)) {
            return true;
        }
    }
    return false;
}

HttpResponse PocoHttpTransport::send(const HttpRequest& request) {
    Poco::URI uri;
    try {
        uri = Poco::URI(request.url);
    } catch (const Poco::SyntaxException& e) {
        throw NetworkError("An invalid address was requested.", "bad URL: " + e.message());
    }
    const std::string host = uri.getHost();
    const std::string where = host + ":" + std::to_string(uri.getPort());

    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
        session = std::make_unique<Poco::Net::HTTPSClientSession>(host, uri.getPort(), tlsContext_);
    } else if (uri.getScheme() == "http" && isLoopback(host)) {
        // Plain HTTP only to our own loopback servers (tests, the loopback redirect listener).
        session = std::make_unique<Poco::Net::HTTPClientSession>(host, uri.getPort());
    } else {
        throw NetworkError("Only secure (https) addresses can be used.", "refused non-https URL to " + host);
    }

    std::string proxyUrl = settings_.proxyUrl.empty() ? environment("HTTPS_PROXY", "https_proxy") : settings_.proxyUrl;
    if (!proxyUrl.empty() && !bypassesProxy(host)) {
        try {
            Poco::URI proxy(proxyUrl);
            Poco::Net::HTTPClientSession::ProxyConfig config;
            config.host = proxy.getHost();
            config.port = proxy.getPort();
            const std::string userInfo = proxy.getUserInfo();
            if (auto colon = userInfo.find(':'); colon != std::string::npos) {
                config.username = userInfo.substr(0, colon);
                config.password = userInfo.substr(colon + 1);
            }
            session->setProxyConfig(config);
        } catch (const Poco::SyntaxException& e) {
            throw NetworkError("The proxy setting is not a valid URL.", e.message());
        }
    }

    const Poco::Timespan connectTimeout(settings_.connectTimeout.count(), 0);
    const Poco::Timespan ioTimeout(settings_.requestTimeout.count(), 0);
    session->setTimeout(connectTimeout, ioTimeout, ioTimeout);

    Poco::Net::HTTPRequest pocoRequest(request.method, uri.getPathEtc(), Poco::Net::HTTPMessage::HTTP_1_1);
    pocoRequest.setHost(host, uri.getPort());
    for (const auto& [name, value] : request.headers) pocoRequest.set(name, value);
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
        pocoRequest.setContentLength(static_cast<std::streamsize>(request.body.size()));
        if (!request.contentType.empty()) pocoRequest.setContentType(request.contentType);
    }

    try {
        std::ostream& out = session->sendRequest(pocoRequest);
        out << request.body;
        Poco::Net::HTTPResponse pocoResponse;
        std::istream& in = session->receiveResponse(pocoResponse);
        HttpResponse response;
        response.status = static_cast<int>(pocoResponse.getStatus());
        for (const auto& [name, value] : pocoResponse) response.headers.emplace_back(name, value);
        response.body = readBody(in, settings_.maxResponseBytes, where);
        return response;
    } catch (const Poco::Net::CertificateValidationException& e) {
        throw NetworkError("The certificate of " + where + " is not valid for that address.", e.displayText());
    } catch (const Poco::Net::SSLException& e) {
        // OpenSSL reports a failed chain verification as an SSL error naming the certificate; a peer
        // that hangs up mid-handshake (a server shutting down) is a different problem for the user.
        if (e.displayText().find("certificate") != std::string::npos) {
            throw NetworkError("The certificate of " + where + " is not trusted.", e.displayText());
        }
        throw NetworkError("The secure connection to " + where + " was closed before the server answered.",
                           e.displayText());
    } catch (const Poco::TimeoutException& e) {
        throw TimedOut("The server at " + where + " did not answer in time.", e.displayText());
    } catch (const Poco::Net::ConnectionRefusedException& e) {
        throw NetworkError("The server at " + where + " is not reachable.", e.displayText());
    } catch (const Poco::Net::NetException& e) {
        throw NetworkError("The connection to " + where + " failed.", e.displayText());
    } catch (const Poco::IOException& e) {
        throw NetworkError("The connection to " + where + " failed.", e.displayText());
    }
}

}  // namespace deskauth
