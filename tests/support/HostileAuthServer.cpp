#include "support/HostileAuthServer.h"

#include "oauth/Pkce.h"
#include "support/TestPaths.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Process.h>
#include <Poco/URI.h>

#include <chrono>
#include <stdexcept>

namespace deskauth::test {
namespace {

void send(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status, const std::string& body,
          const std::string& contentType = "application/json") {
    response.setStatus(status);
    response.setContentType(contentType);
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
}

void redirect(Poco::Net::HTTPServerResponse& response, const std::string& location) {
    response.set("Location", location);
    send(response, Poco::Net::HTTPResponse::HTTP_FOUND, "", "text/plain");
}

// The folder with the certificates that are not the trusted development one: made once per test
// process, removed when it exits.
std::string hostileCertsDir() {
    struct Folder {
        std::string path = Poco::Path::temp() + "deskauth-hostile-certs-" + std::to_string(Poco::Process::id());
        Folder() {
            Poco::ProcessHandle handle =
                Poco::Process::launch("bash", {sourceDir() + "/tests/support/hostile-certs", devCertsDir(), path});
            if (handle.wait() != 0) throw std::runtime_error("tests/support/hostile-certs failed");
        }
        ~Folder() {
            if (Poco::File(path).exists()) Poco::File(path).remove(true);
        }
    };
    static const Folder folder;
    return folder.path;
}

std::pair<std::string, std::string> certificateFiles(ServerCertificate certificate) {
    switch (certificate) {
    case ServerCertificate::Trusted: return {devCertsDir() + "/server.pem", devCertsDir() + "/server.key"};
    case ServerCertificate::SelfSigned: return {hostileCertsDir() + "/self-signed.pem", hostileCertsDir() + "/self-signed.key"};
    case ServerCertificate::WrongHost: return {hostileCertsDir() + "/wrong-host.pem", hostileCertsDir() + "/wrong-host.key"};
    }
    throw std::logic_error("unknown certificate");
}

long long nowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

class HostileAuthServer::Handler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(HostileAuthServer& server) : server_(server) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        try {
            server_.handle(request, response);
        } catch (const Poco::Exception&) {
            // the client hung up on a trickle or an oversized answer: that is the point
        }
    }

private:
    HostileAuthServer& server_;
};

class HostileAuthServer::Factory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(HostileAuthServer& server) : server_(server) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(server_);
    }

private:
    HostileAuthServer& server_;
};

HostileAuthServer::HostileAuthServer(ServerCertificate certificate)
    : key_(RsaTestKey::generate("hostile-key")), rotatedKey_(RsaTestKey::generate("hostile-key-2")) {
    Poco::Net::initializeSSL();
    const auto [certificateFile, keyFile] = certificateFiles(certificate);
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, keyFile, certificateFile, "", Poco::Net::Context::VERIFY_NONE);
    // Loopback only, like every server of the tests.
    Poco::Net::SecureServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, context);
    port_ = socket.address().port();
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(false);
    params->setMaxThreads(8);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), threads_, socket, params);
    server_->start();
}

HostileAuthServer::~HostileAuthServer() {
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
    }
    stopping_.notify_all();
    server_->stopAll(true);
    threads_.joinAll();
}

void HostileAuthServer::setElsewhere(const std::string& url) {
    std::lock_guard lock(mutex_);
    elsewhere_ = url;
}

std::string HostileAuthServer::issuer() const { return "https://127.0.0.1:" + std::to_string(port_); }

int HostileAuthServer::requests(const std::string& path) const {
    std::lock_guard lock(mutex_);
    auto it = requests_.find(path);
    return it == requests_.end() ? 0 : it->second;
}

bool HostileAuthServer::waitForRequests(const std::string& path, int count, std::chrono::seconds limit) {
    std::unique_lock lock(mutex_);
    return arrived_.wait_for(lock, limit, [&] {
        auto it = requests_.find(path);
        return it != requests_.end() && it->second >= count;
    });
}

bool HostileAuthServer::pause() {
    std::unique_lock lock(mutex_);
    return !stopping_.wait_for(lock, std::chrono::seconds(1), [this] { return stopped_; });
}

std::string HostileAuthServer::discoveryJson() const {
    const Misbehaviour misbehaviour = misbehaviour_;
    Poco::JSON::Object metadata;
    metadata.set("issuer", misbehaviour == Misbehaviour::DiscoveryIssuerMismatch        ? "https://evil.example"
                           : misbehaviour == Misbehaviour::DiscoveryIssuerTrailingSlash ? issuer() + "/"
                                                                                        : issuer());
    metadata.set("authorization_endpoint", issuer() + "/authorize");
    metadata.set("token_endpoint", issuer() + "/token");
    metadata.set("jwks_uri", issuer() + "/jwks");
    if (misbehaviour != Misbehaviour::RevocationUnadvertised) metadata.set("revocation_endpoint", issuer() + "/revoke");
    if (pushesRequests(misbehaviour)) metadata.set("pushed_authorization_request_endpoint", issuer() + "/par");
    metadata.set("userinfo_endpoint", issuer() + "/userinfo");
    if (misbehaviour == Misbehaviour::DeviceCodeHangs) metadata.set("device_authorization_endpoint", issuer() + "/device/auth");
    Poco::JSON::Array::Ptr methods = new Poco::JSON::Array;
    methods->add(misbehaviour == Misbehaviour::DiscoveryWithoutS256 ? "plain" : "S256");
    metadata.set("code_challenge_methods_supported", methods);
    metadata.set("authorization_response_iss_parameter_supported", misbehaviour != Misbehaviour::WrongIssUnadvertised);
    return toJson(metadata);
}

void HostileAuthServer::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    const Poco::URI uri(request.getURI());
    const std::string path = uri.getPath();
    std::string elsewhere;
    {
        std::lock_guard lock(mutex_);
        ++requests_[path];
        elsewhere = elsewhere_;
    }
    arrived_.notify_all();
    const Misbehaviour misbehaviour = misbehaviour_;
    if (path == "/.well-known/openid-configuration") {
        if (misbehaviour == Misbehaviour::DiscoveryRedirectsElsewhere) return redirect(response, elsewhere);
        if (misbehaviour == Misbehaviour::DiscoverySlowLoris) return trickleStatusLine(request, response);
        if (misbehaviour == Misbehaviour::DiscoveryOversized) {
            return send(response, Poco::Net::HTTPResponse::HTTP_OK, std::string(1024 * 1024, ' ') + discoveryJson());
        }
        return send(response, Poco::Net::HTTPResponse::HTTP_OK, discoveryJson());
    }
    if (path == "/jwks") {
        if (misbehaviour == Misbehaviour::JwksRedirectsElsewhere) return redirect(response, elsewhere);
        std::string jwks = misbehaviour == Misbehaviour::KeyRotated ? jwksJson({key_.jwk(), rotatedKey_.jwk()})
                                                                    : jwksJson({key_.jwk()});
        if (misbehaviour == Misbehaviour::JwksOversized) jwks = std::string(1024 * 1024, ' ') + jwks;
        return send(response, Poco::Net::HTTPResponse::HTTP_OK, jwks);
    }
    if (path == "/authorize") {
        std::map<std::string, std::string> query;
        for (const auto& [name, value] : uri.getQueryParameters()) query[name] = value;
        return authorize(query, response, misbehaviour);
    }
    if (path == "/token" && request.getMethod() == "POST") {
        Poco::Net::HTMLForm form(request, request.stream());
        std::map<std::string, std::string> fields(form.begin(), form.end());
        if (misbehaviour == Misbehaviour::TokenRedirectsElsewhere) return redirect(response, elsewhere);
        if (misbehaviour == Misbehaviour::TokenSlowLoris) return trickleBody(response);
        return token(fields, response, misbehaviour);
    }
    if (path == "/par" && request.getMethod() == "POST" && pushesRequests(misbehaviour)) {
        Poco::Net::HTMLForm form(request, request.stream());
        return pushedRequest(response, misbehaviour);
    }
    if (path == "/device/auth" && misbehaviour == Misbehaviour::DeviceCodeHangs) {
        while (pause()) {
        }  // until the server stops: the client's cancel or time-out must end its wait
        return;
    }
    if (path == "/userinfo" && request.getMethod() == "GET") return userinfo(request.get("Authorization", ""), response, misbehaviour);
    if (path == "/revoke" && request.getMethod() == "POST" && misbehaviour != Misbehaviour::RevocationUnadvertised) {
        const std::string authorization = request.get("Authorization", "");
        Poco::Net::HTMLForm form(request, request.stream());
        return revoke(std::map<std::string, std::string>(form.begin(), form.end()), authorization, response, misbehaviour);
    }
    send(response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND, R"({"error":"not_found"})");
}

bool HostileAuthServer::pushesRequests(Misbehaviour misbehaviour) {
    return misbehaviour == Misbehaviour::ParRefused400 || misbehaviour == Misbehaviour::ParUnavailable503 ||
           misbehaviour == Misbehaviour::ParRequestUriHuge || misbehaviour == Misbehaviour::ParRequestUriOdd ||
           misbehaviour == Misbehaviour::ParExpiresInMissing;
}

// Every answer is one a client must refuse: the well-behaved pushed request is the real server's
// (tests/integration/ParLoginTest).
void HostileAuthServer::pushedRequest(Poco::Net::HTTPServerResponse& response, Misbehaviour misbehaviour) {
    const std::string urn = "urn:ietf:params:oauth:request_uri:";
    switch (misbehaviour) {
    case Misbehaviour::ParRefused400:
        return send(response, Poco::Net::HTTPResponse::HTTP_BAD_REQUEST,
                    R"({"error":"invalid_request","error_description":"refused on purpose"})");
    case Misbehaviour::ParUnavailable503:
        return send(response, Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "", "text/plain");
    case Misbehaviour::ParRequestUriHuge:
        return send(response, Poco::Net::HTTPResponse::HTTP_CREATED,
                    R"({"request_uri":")" + urn + std::string(4000, 'a') + R"(","expires_in":60})");
    case Misbehaviour::ParRequestUriOdd:
        return send(response, Poco::Net::HTTPResponse::HTTP_CREATED,
                    R"({"request_uri":")" + urn + R"(abc def&evil=1","expires_in":60})");
    default:
        return send(response, Poco::Net::HTTPResponse::HTTP_CREATED, R"({"request_uri":")" + urn + R"(abc"})");
    }
}

void HostileAuthServer::revoke(const std::map<std::string, std::string>& form, const std::string& authorization,
                               Poco::Net::HTTPServerResponse& response, Misbehaviour misbehaviour) {
    auto field = [&](const std::string& name) {
        auto it = form.find(name);
        return it == form.end() ? std::string() : it->second;
    };
    const std::string bearer = authorization.rfind("Bearer ", 0) == 0 ? authorization.substr(7) : std::string();
    bool accepted = false;
    {
        std::lock_guard lock(mutex_);
        accepted = field("client_id") == clientId &&
                   (misbehaviour != Misbehaviour::RevocationNeedsBearer || accessTokens_.count(bearer) != 0);
        if (accepted) refreshTokens_.erase(field("token"));
    }
    if (!accepted) return send(response, Poco::Net::HTTPResponse::HTTP_UNAUTHORIZED, R"({"error":"invalid_client"})");
    send(response, Poco::Net::HTTPResponse::HTTP_OK, "");
}

void HostileAuthServer::userinfo(const std::string& authorization, Poco::Net::HTTPServerResponse& response,
                                 Misbehaviour misbehaviour) {
    const std::string bearer = authorization.rfind("Bearer ", 0) == 0 ? authorization.substr(7) : std::string();
    bool known = false;
    {
        std::lock_guard lock(mutex_);
        known = accessTokens_.count(bearer) != 0;
    }
    if (!known) return send(response, Poco::Net::HTTPResponse::HTTP_UNAUTHORIZED, R"({"error":"invalid_token"})");
    Poco::JSON::Object claims;
    claims.set("sub", misbehaviour == Misbehaviour::UserinfoOtherSubject ? "someone-else" : "hostile-user");
    claims.set("name", misbehaviour == Misbehaviour::UserinfoOtherSubject ? "Someone Else" : "Userinfo Name");
    send(response, Poco::Net::HTTPResponse::HTTP_OK, toJson(claims));
}

void HostileAuthServer::authorize(const std::map<std::string, std::string>& query,
                                  Poco::Net::HTTPServerResponse& response, Misbehaviour misbehaviour) {
    auto value = [&](const std::string& name) {
        auto it = query.find(name);
        return it == query.end() ? std::string() : it->second;
    };
    std::string code;
    {
        std::lock_guard lock(mutex_);
        code = "hostile-code-" + std::to_string(nextCode_++);
        codes_[code] = IssuedCode{value("redirect_uri"), value("nonce"), value("code_challenge"), value("scope")};
    }
    Poco::URI back(value("redirect_uri"));
    back.addQueryParameter("code", code);
    back.addQueryParameter("state", misbehaviour == Misbehaviour::WrongState ? "forged-state" : value("state"));
    if (misbehaviour == Misbehaviour::WrongIss || misbehaviour == Misbehaviour::WrongIssUnadvertised) {
        back.addQueryParameter("iss", "https://evil.example");
    } else if (misbehaviour != Misbehaviour::MissingIss) {
        back.addQueryParameter("iss", issuer());
    }
    redirect(response, back.toString());
}

std::string HostileAuthServer::idToken(const IssuedCode& code, Misbehaviour misbehaviour) {
    Poco::JWT::Token token;
    token.setType("JWT");
    auto& claims = token.payload();
    const long long now = nowSeconds();
    claims.set("iss", misbehaviour == Misbehaviour::IdTokenWrongIssuer ? "https://evil.example" : issuer());
    claims.set("sub", "hostile-user");
    if (misbehaviour == Misbehaviour::IdTokenAzpMismatch) {
        Poco::JSON::Array::Ptr audiences = new Poco::JSON::Array;
        audiences->add(std::string(clientId));
        audiences->add(std::string("other-client"));
        claims.set("aud", audiences);
        claims.set("azp", "other-client");
    } else {
        claims.set("aud", misbehaviour == Misbehaviour::IdTokenWrongAudience ? "other-client" : clientId);
    }
    const bool expired = misbehaviour == Misbehaviour::IdTokenExpired;
    claims.set("iat", expired ? now - 7200 : now);
    claims.set("exp", expired ? now - 3600 : now + 300);
    if (misbehaviour != Misbehaviour::IdTokenMissingNonce) claims.set("nonce", code.nonce);
    if (misbehaviour != Misbehaviour::NameOnlyInUserinfo && misbehaviour != Misbehaviour::UserinfoOtherSubject) {
        claims.set("name", "Hostile User");
    }

    switch (misbehaviour) {
    case Misbehaviour::IdTokenAlgNone: return unsignedJwt(claims);
    case Misbehaviour::IdTokenHs256WithPublicKey: return hs256Jwt(token, key_.publicKeyPem(), key_.kid);
    case Misbehaviour::IdTokenWrongSignature: return RsaTestKey::generate(key_.kid).sign(token);  // same kid, other key
    case Misbehaviour::IdTokenUnknownKid: return RsaTestKey::generate("unknown-key").sign(token);
    case Misbehaviour::KeyRotated: return rotatedKey_.sign(token);
    default: return key_.sign(token);
    }
}

void HostileAuthServer::token(const std::map<std::string, std::string>& form, Poco::Net::HTTPServerResponse& response,
                              Misbehaviour misbehaviour) {
    auto field = [&](const std::string& name) {
        auto it = form.find(name);
        return it == form.end() ? std::string() : it->second;
    };
    if (field("grant_type") == "refresh_token") return refresh(form, response, misbehaviour);
    IssuedCode issued;
    {
        std::lock_guard lock(mutex_);
        auto it = codes_.find(field("code"));
        // Even a hostile server checks the basics, so that the well-behaved case proves the client
        // sends the right code, redirect URI and PKCE verifier (RFC 7636 §4.6).
        if (field("grant_type") != "authorization_code" || it == codes_.end() || field("client_id") != clientId ||
            field("redirect_uri") != it->second.redirectUri ||
            Pkce::challengeFor(field("code_verifier")) != it->second.codeChallenge) {
            return send(response, Poco::Net::HTTPResponse::HTTP_BAD_REQUEST, R"({"error":"invalid_grant"})");
        }
        issued = it->second;
        codes_.erase(it);
    }

    Poco::JSON::Object answer;
    answer.set("access_token", misbehaviour == Misbehaviour::TokenFieldHuge ? std::string(1024 * 1024, 'A')
                                                                             : "hostile-access-" + field("code"));
    {
        std::lock_guard lock(mutex_);
        accessTokens_.insert("hostile-access-" + field("code"));
    }
    if (misbehaviour == Misbehaviour::TokenTypeNotBearer) answer.set("token_type", "mac");
    if (misbehaviour != Misbehaviour::TokenTypeMissing && misbehaviour != Misbehaviour::TokenTypeNotBearer) {
        answer.set("token_type", "Bearer");
    }
    answer.set("expires_in", misbehaviour == Misbehaviour::TokenExpiresInAbsurd ? 9'000'000'000'000'000'000LL : 300LL);
    answer.set("refresh_token", "hostile-refresh-" + field("code"));
    {
        std::lock_guard lock(mutex_);
        refreshTokens_["hostile-refresh-" + field("code")] = issued;
    }
    std::string scope = issued.scope;  // all that was asked for
    if (const auto at = scope.find("api.read"); misbehaviour == Misbehaviour::ScopeDroppedAtConsent && at != std::string::npos) {
        scope.erase(at, 8);
    }
    answer.set("scope", scope);
    if (misbehaviour != Misbehaviour::IdTokenMissing) {
        std::string jwt;
        {
            std::lock_guard lock(mutex_);
            jwt = lastIdToken_;
        }
        if (misbehaviour != Misbehaviour::IdTokenReplayed || jwt.empty()) jwt = idToken(issued, misbehaviour);
        if (misbehaviour == Misbehaviour::None) {
            std::lock_guard lock(mutex_);
            lastIdToken_ = jwt;
        }
        answer.set("id_token", jwt);
    }
    response.set("Cache-Control", "no-store");
    if (misbehaviour == Misbehaviour::TokenFieldHuge) {
        response.setChunkedTransferEncoding(true);  // no Content-Length to refuse it by
        response.setContentType("application/json");
        response.send() << toJson(answer);
        return;
    }
    send(response, Poco::Net::HTTPResponse::HTTP_OK, toJson(answer));
}

void HostileAuthServer::refresh(const std::map<std::string, std::string>& form, Poco::Net::HTTPServerResponse& response,
                                Misbehaviour misbehaviour) {
    auto field = [&](const std::string& name) {
        auto it = form.find(name);
        return it == form.end() ? std::string() : it->second;
    };
    switch (misbehaviour) {
    case Misbehaviour::RefreshRefusedEmpty400: return send(response, Poco::Net::HTTPResponse::HTTP_BAD_REQUEST, "", "text/plain");
    case Misbehaviour::RefreshRefused401:
        return send(response, Poco::Net::HTTPResponse::HTTP_UNAUTHORIZED, R"({"error":"invalid_client"})");
    case Misbehaviour::RefreshUnavailable503:
        return send(response, Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "", "text/plain");
    default: break;
    }
    std::string rotated, scope;
    {
        std::lock_guard lock(mutex_);
        auto it = refreshTokens_.find(field("refresh_token"));
        if (it == refreshTokens_.end() || field("client_id") != clientId) {
            return send(response, Poco::Net::HTTPResponse::HTTP_BAD_REQUEST, R"({"error":"invalid_grant"})");
        }
        rotated = "hostile-refresh-" + std::to_string(nextCode_++);
        refreshTokens_[rotated] = it->second;
        scope = it->second.scope;
        refreshTokens_.erase(it);
        accessTokens_.insert("hostile-access-" + rotated);
    }
    Poco::JSON::Object answer;
    answer.set("access_token", "hostile-access-" + rotated);
    answer.set("token_type", "Bearer");
    answer.set("expires_in", 300LL);
    answer.set("refresh_token", rotated);
    if (misbehaviour != Misbehaviour::RefreshWithoutScope) answer.set("scope", scope);
    response.set("Cache-Control", "no-store");
    send(response, Poco::Net::HTTPResponse::HTTP_OK, toJson(answer));
}

void HostileAuthServer::trickleBody(Poco::Net::HTTPServerResponse& response) {
    response.setContentType("application/json");
    response.setContentLength(4096);
    std::ostream& out = response.send();
    out.flush();
    for (int i = 0; i < 120 && out && pause(); ++i) {
        out << ' ';
        out.flush();
    }
}

void HostileAuthServer::trickleStatusLine(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    // Below POCO's response object, on the connection itself: not even the status line arrives in time.
    response.setKeepAlive(false);
    Poco::Net::StreamSocket& socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
    const std::string statusLine = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
    for (std::size_t i = 0; i < 120 && pause(); ++i) {
        const char byte = i < statusLine.size() ? statusLine[i] : 'X';
        if (socket.sendBytes(&byte, 1) != 1) return;
    }
}

}  // namespace deskauth::test
