#include "http/PocoHttpTransport.h"

#include "errors/Errors.h"
#include "http/ExchangeDeadline.h"
#include "http/ProxyRoute.h"
#include "http/WindowsRootStore.h"
#include "log/Log.h"

#include <Poco/Crypto/X509Certificate.h>
#include <Poco/Delegate.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/VerificationErrorArgs.h>
#include <Poco/Net/X509Certificate.h>

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace deskauth {
namespace {

// The certificate OpenSSL rejected last on this thread, so that the error can name its subject
// and issuer (what an administrator needs to find the missing CA). Observed, never accepted: the
// RejectCertificateHandler still refuses it.
thread_local std::string rejectedCertificate;

void noteRejectedCertificate(const void*, Poco::Net::VerificationErrorArgs& args) {
    const auto& certificate = args.certificate();
    rejectedCertificate = "certificate subject '" + certificate.subjectName() + "', issuer '" + certificate.issuerName() +
                          "': " + args.errorMessage();
}

void initialiseSslOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        // Without an explicit handler POCO may fall back to a console prompt; an invalid
        // certificate must simply fail the connection.
        Poco::Net::SSLManager::instance().initializeClient(
            nullptr, new Poco::Net::RejectCertificateHandler(false), nullptr);
        Poco::Net::SSLManager::instance().ClientVerificationError += Poco::delegate(&noteRejectedCertificate);
    });
}

// Every certificate in every *.pem / *.crt / *.cer file of `folder` (no c_rehash needed).
void trustFolder(Poco::Net::Context& context, const std::string& folder) {
    std::vector<std::string> names;
    Poco::File(folder).list(names);
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
        const std::string extension = Poco::toLower(Poco::Path(name).getExtension());
        if (extension != "pem" && extension != "crt" && extension != "cer") continue;
        for (const auto& certificate : Poco::Crypto::X509Certificate::readPEM(Poco::Path(folder, name).toString())) {
            context.addCertificateAuthority(Poco::Net::X509Certificate(certificate));
        }
    }
}

NetworkError tooLarge(const std::string& where, std::size_t limit) {
    return NetworkError("The server at " + where + " sent an unexpectedly large response.",
                        "response body over " + std::to_string(limit) + " bytes");
}

// Reads at most `limit` bytes; a larger body is refused rather than buffered.
std::string readBody(std::istream& in, std::size_t limit, const std::string& where) {
    std::string body;
    char buffer[16384];
    while (in) {
        in.read(buffer, sizeof buffer);
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > limit) throw tooLarge(where, limit);
    }
    return body;
}

// A POCO client session that hands its socket to the deadline as soon as it is connected (the
// TLS handshake is made lazy, so it runs under the deadline too).
template <class Session>
class DeadlineSession final : public Session {
public:
    template <class... Args>
    explicit DeadlineSession(ExchangeDeadline& deadline, Args&&... args)
        : Session(std::forward<Args>(args)...), deadline_(deadline) {}

protected:
    void connect(const Poco::Net::SocketAddress& address) override {
        Session::connect(address);
        deadline_.guard(this->socket().impl()->sockfd());
    }

private:
    ExchangeDeadline& deadline_;
};

// The client context: strict verification, TLS 1.2 and later only, the configured CAs. A CA source
// that cannot be read is a NetworkError naming it (its details go to the log with the error ID).
Poco::Net::Context::Ptr makeTlsContext(const TransportSettings& settings) {
    Poco::Net::Context::Params params;
    params.caLocation = settings.extraCaFile;
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
#if defined(_WIN32)
    // Windows: the system CAs are the Windows ROOT store (WindowsRootStore.h). OpenSSL's default
    // paths are off: on Windows they name folders under the build machine's OPENSSLDIR, which any
    // local user could create and fill with a CA of their own.
    params.loadDefaultCAs = false;
#else
    params.loadDefaultCAs = settings.trustSystemCAs;
#endif
    params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
    try {
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
#if defined(_WIN32)
        if (settings.trustSystemCAs) trustWindowsRootStore(*context);
#endif
        if (!settings.extraCaDir.empty()) trustFolder(*context, settings.extraCaDir);
        context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                                  Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
        return context;
    } catch (const Poco::Exception& e) {
        std::string sources = settings.trustSystemCAs ? "the system's certificate authorities" : "";
        const auto name = [&sources](const std::string& source) { sources += (sources.empty() ? "" : ", ") + source; };
        if (!settings.extraCaFile.empty()) name("tls.extraCaFile (" + settings.extraCaFile + ")");
        if (!settings.extraCaDir.empty()) name("tls.extraCaDir (" + settings.extraCaDir + ")");
        throw NetworkError("The certificate authorities for secure connections could not be read; check " + sources + ".",
                           "TLS context: " + e.displayText());
    }
}

}  // namespace

PocoHttpTransport::PocoHttpTransport(TransportSettings settings) : settings_(std::move(settings)) {}

Poco::Net::Context::Ptr PocoHttpTransport::tlsContext() {
    std::lock_guard lock(tlsContextMutex_);
    if (!tlsContext_) {
        initialiseSslOnce();
        tlsContext_ = makeTlsContext(settings_);  // on failure stays null: the next request says it again
    }
    return tlsContext_;
}

void PocoHttpTransport::prepareTls() { tlsContext(); }

std::optional<std::pair<std::string, std::string>> PocoHttpTransport::loginFor(const std::string& host, int port) {
    if (!settings_.proxyLogin) return std::nullopt;
    std::lock_guard lock(loginsMutex_);
    const std::string key = host + ":" + std::to_string(port);
    auto found = logins_.find(key);
    if (found == logins_.end()) found = logins_.emplace(key, settings_.proxyLogin(host, port)).first;
    return found->second;
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
    rejectedCertificate.clear();

    ExchangeDeadline deadline(settings_.requestTimeout);  // declared first: outlives the session
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
        session = std::make_unique<DeadlineSession<Poco::Net::HTTPSClientSession>>(deadline, host, uri.getPort(),
                                                                                    tlsContext());
        // Verification is unchanged (chain and host name are checked when the handshake completes);
        // lazy only moves the handshake after connect(), under the deadline.
        Poco::Net::SecureStreamSocket(session->socket()).setLazyHandshake(true);
    } else if (uri.getScheme() == "http" && isLoopbackHost(host)) {
        // Plain HTTP only to our own loopback servers (tests, the loopback redirect listener).
        session = std::make_unique<DeadlineSession<Poco::Net::HTTPClientSession>>(deadline, host, uri.getPort());
    } else {
        throw NetworkError("Only secure (https) addresses can be used.", "refused non-https URL to " + host);
    }
    struct StopWatcherFirst {  // destroyed before the session closes its socket
        ExchangeDeadline& deadline;
        ~StopWatcherFirst() { deadline.stop(); }
    } stopWatcherFirst{deadline};
    // Unsubscribed first of all (declared last): a cancel from now on cuts this exchange off.
    CancelSignal::Subscription cutOffOnCancel;
    if (request.cancel) cutOffOnCancel = request.cancel->subscribe([&deadline] { deadline.abort(); });

    const ProxyRoute proxy = chooseProxy(settings_.proxyUrl, settings_.noProxy, host);
    if (!proxy.direct()) {
        Poco::Net::HTTPClientSession::ProxyConfig config;
        config.host = proxy.host;
        config.port = static_cast<Poco::UInt16>(proxy.port);
        // Credentials only from the environment's URL (curl's convention) or the secret store,
        // never from the configuration file.
        const std::string userInfo = Poco::URI(proxy.url.find("://") == std::string::npos ? "http://" + proxy.url : proxy.url).getUserInfo();
        if (auto colon = userInfo.find(':'); colon != std::string::npos) {
            config.username = userInfo.substr(0, colon);
            config.password = userInfo.substr(colon + 1);
        } else if (auto login = loginFor(proxy.host, proxy.port)) {
            config.username = login->first;
            config.password = login->second;
        }
        session->setProxyConfig(config);
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
    const std::size_t limit = request.maxResponseBytes != 0 ? std::min(request.maxResponseBytes, settings_.maxResponseBytes)
                                                            : settings_.maxResponseBytes;

    try {
        try {
            std::ostream& out = session->sendRequest(pocoRequest);
            out << request.body;
            Poco::Net::HTTPResponse pocoResponse;
            std::istream& in = session->receiveResponse(pocoResponse);
            HttpResponse response;
            response.status = static_cast<int>(pocoResponse.getStatus());
            for (const auto& [name, value] : pocoResponse) response.headers.emplace_back(name, value);
            if (pocoResponse.hasContentLength() && pocoResponse.getContentLength64() > static_cast<Poco::Int64>(limit)) {
                throw tooLarge(where, limit);  // announced too large: not a byte of it is read
            }
            response.body = readBody(in, limit, where);
            // A connection cut at the deadline or on cancel ends the body early; that body must not be used.
            if (deadline.aborted()) throw Cancelled();
            if (deadline.expired()) throw Poco::TimeoutException("response cut off at the deadline");
            deadline.stop();
            return response;
        } catch (const Poco::Exception&) {
            // Whatever the cut connection looked like (a short body, a TLS or socket error), it was
            // the deadline (or the caller's cancel).
            if (deadline.aborted()) throw Cancelled();
            if (deadline.expired()) {
                throw TimedOut("The server at " + where + " did not answer in time.",
                               "no complete response within " + std::to_string(settings_.requestTimeout.count()) + " s");
            }
            throw;
        }
    } catch (const Poco::Net::CertificateValidationException& e) {
        throw NetworkError("The certificate of " + where + " is not valid for that address.", e.displayText(),
                           NetworkFailure::WrongHostName);
    } catch (const Poco::Net::SSLException& e) {
        // OpenSSL reports a failed chain verification as an SSL error naming the certificate; a peer
        // that hangs up mid-handshake (a server shutting down) is a different problem for the user.
        if (e.displayText().find("certificate") != std::string::npos) {
            std::string details = e.displayText();
            if (!rejectedCertificate.empty()) details += " (" + rejectedCertificate + ")";
            rejectedCertificate.clear();
            throw NetworkError("The certificate of " + where + " is not trusted.", details,
                               NetworkFailure::UntrustedCertificate);
        }
        throw NetworkError("The secure connection to " + where + " was closed before the server answered.",
                           e.displayText());
    } catch (const Poco::TimeoutException& e) {
        throw TimedOut("The server at " + where + " did not answer in time.", e.displayText());
    } catch (const Poco::Net::HTTPException& e) {
        // Only the proxy answers with HTTP before the tunnel exists ("Cannot establish proxy connection").
        if (!proxy.direct()) {
            throw NetworkError("The proxy " + proxy.host + ":" + std::to_string(proxy.port) + " refused to connect to " +
                                   where + ".",
                               e.displayText(), NetworkFailure::Proxy);
        }
        throw NetworkError("The connection to " + where + " failed.", e.displayText());
    } catch (const Poco::Net::ConnectionRefusedException& e) {
        if (!proxy.direct()) {
            throw NetworkError("The proxy " + proxy.host + ":" + std::to_string(proxy.port) + " (" + proxy.source +
                                   ") is not reachable.",
                               e.displayText(), NetworkFailure::Proxy);
        }
        throw NetworkError("The server at " + where + " is not reachable.", e.displayText(), NetworkFailure::Unreachable);
    } catch (const Poco::Net::HostNotFoundException& e) {
        throw NetworkError("The server name " + host + " could not be found.", e.displayText(), NetworkFailure::Unreachable);
    } catch (const Poco::Net::NetException& e) {
        throw NetworkError("The connection to " + where + " failed.", e.displayText());
    } catch (const Poco::IOException& e) {
        throw NetworkError("The connection to " + where + " failed.", e.displayText());
    }
}

}  // namespace deskauth
