#pragma once
// An OpenID Connect authorization server of our own that misbehaves on purpose, over real HTTPS on
// 127.0.0.1 (POCO HTTPServer on a TLS socket). It serves discovery, JWKS, an authorization
// endpoint that redirects the browser back with a code, and a token endpoint that checks PKCE;
// with Misbehaviour::None a login against it succeeds (and so do refreshes, with rotation), and each
// other value breaks exactly one thing, so a test can prove the client refuses that one thing.
//
// Threads: requests are served on the server's own threads; misbehave() may be called at any time.
#include "support/TestKeys.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace deskauth::test {

enum class Misbehaviour {
    None,
    // the authorization response (the browser's redirect back to the app)
    WrongState,           // a state the client never sent
    MissingIss,           // no iss although discovery advertises it (RFC 9207)
    WrongIss,             // iss of another server (mix-up), advertised
    WrongIssUnadvertised, // iss of another server, while discovery does not advertise iss
    // the ID token in the token response
    IdTokenMissing,
    IdTokenAlgNone,
    IdTokenHs256WithPublicKey,  // key confusion: HMAC keyed with the RSA public key
    IdTokenWrongSignature,      // signed by another key under the real kid
    IdTokenUnknownKid,
    IdTokenWrongAudience,
    IdTokenWrongIssuer,
    IdTokenExpired,
    IdTokenMissingNonce,
    IdTokenReplayed,            // the ID token of an earlier login, verbatim (old nonce)
    IdTokenAzpMismatch,         // aud contains us, but azp names another client
    // userinfo (OIDC Core §5.3; always advertised, answered for any access token it issued)
    NameOnlyInUserinfo,         // the ID token has no name; userinfo has it, for the same sub
    UserinfoOtherSubject,       // the ID token has no name; userinfo names another sub (§5.3.2)
    // the device authorization grant (RFC 8628; advertised only with this one)
    DeviceCodeHangs,            // the device authorization request is read and never answered
    // the rest of the token response
    ScopeDroppedAtConsent,      // the granted scope lacks api.read (RFC 6749 §3.3), as if unticked
    TokenTypeMissing,
    TokenTypeNotBearer,
    TokenFieldHuge,             // a 1 MB access_token, sent chunked (no Content-Length)
    TokenExpiresInAbsurd,       // expires_in far beyond any real lifetime
    TokenRedirectsElsewhere,    // 302 to another origin instead of an answer
    TokenSlowLoris,             // headers at once, then the body one byte a second
    // the refresh grant (the login itself is well-behaved)
    RefreshRefusedEmpty400,     // 400 with an empty body (Glewlwyd, for an expired or replayed token)
    RefreshRefused401,          // 401 {"error":"invalid_client"}
    RefreshUnavailable503,      // 503, empty body: a failing server, not a refusal
    RefreshWithoutScope,        // a good answer without scope (RFC 6749 §5.1 allows it)
    // revocation (RFC 7009; the well-behaved server advertises /revoke and accepts client_id alone)
    RevocationUnadvertised,     // no revocation_endpoint in discovery
    RevocationNeedsBearer,      // 401 unless the access token comes as Authorization: Bearer (Glewlwyd)
    // pushed authorization requests (RFC 9126; discovery advertises /par only for these)
    ParRefused400,              // 400 {"error":"invalid_request"} (§2.3)
    ParUnavailable503,          // 503, empty body
    ParRequestUriHuge,          // a 201 whose request_uri is 4 000 bytes (within the response limit)
    ParRequestUriOdd,           // a 201 whose request_uri has a space (and a query parameter after it)
    ParExpiresInMissing,        // a 201 without expires_in (REQUIRED, §2.2)
    // discovery and keys
    DiscoveryRedirectsElsewhere,
    DiscoveryIssuerMismatch,
    DiscoveryIssuerTrailingSlash,  // the issuer with a '/' the configured authority does not have
    KeyRotated,                 // signs with a new key, which the JWKS now lists beside the old one
    DiscoveryWithoutS256,
    DiscoverySlowLoris,         // the status line itself one byte a second
    DiscoveryOversized,         // 1 MB announced in Content-Length
    JwksRedirectsElsewhere,
    JwksOversized,
};

enum class ServerCertificate {
    Trusted,     // the development server certificate (127.0.0.1, signed by the dev CA)
    SelfSigned,  // for 127.0.0.1, but no trusted CA signed it
    WrongHost,   // signed by the dev CA, but for evil.example
};

class HostileAuthServer {
public:
    static constexpr const char* clientId = "deskauth-desktop";

    explicit HostileAuthServer(ServerCertificate certificate = ServerCertificate::Trusted);
    ~HostileAuthServer();
    HostileAuthServer(const HostileAuthServer&) = delete;
    HostileAuthServer& operator=(const HostileAuthServer&) = delete;

    void misbehave(Misbehaviour misbehaviour) { misbehaviour_ = misbehaviour; }
    // Where the *RedirectsElsewhere cases send the client (another origin, e.g. a witness server).
    void setElsewhere(const std::string& url);

    std::string issuer() const;
    // How many requests reached this path (whatever the answer).
    int requests(const std::string& path) const;
    // Waits until `count` requests have reached `path` (an event, not a time); false after `limit`,
    // a guard against a hang only.
    bool waitForRequests(const std::string& path, int count, std::chrono::seconds limit);

private:
    class Handler;
    class Factory;

    struct IssuedCode {
        std::string redirectUri, nonce, codeChallenge, scope;
    };

    void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
    void authorize(const std::map<std::string, std::string>& query, Poco::Net::HTTPServerResponse& response,
                   Misbehaviour misbehaviour);
    void token(const std::map<std::string, std::string>& form, Poco::Net::HTTPServerResponse& response,
               Misbehaviour misbehaviour);
    void refresh(const std::map<std::string, std::string>& form, Poco::Net::HTTPServerResponse& response,
                 Misbehaviour misbehaviour);
    void revoke(const std::map<std::string, std::string>& form, const std::string& authorization,
                Poco::Net::HTTPServerResponse& response, Misbehaviour misbehaviour);
    static bool pushesRequests(Misbehaviour misbehaviour);  // the Par* ones
    void pushedRequest(Poco::Net::HTTPServerResponse& response, Misbehaviour misbehaviour);
    void userinfo(const std::string& authorization, Poco::Net::HTTPServerResponse& response, Misbehaviour misbehaviour);
    void trickleBody(Poco::Net::HTTPServerResponse& response);
    void trickleStatusLine(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
    std::string discoveryJson() const;
    std::string idToken(const IssuedCode& code, Misbehaviour misbehaviour);
    // Waits up to one second; false once the server is stopping.
    bool pause();

    RsaTestKey key_;
    RsaTestKey rotatedKey_;  // KeyRotated signs with it
    std::atomic<Misbehaviour> misbehaviour_{Misbehaviour::None};
    mutable std::mutex mutex_;
    std::condition_variable stopping_;
    std::condition_variable arrived_;  // a request reached a path (requests_)
    bool stopped_ = false;
    std::string elsewhere_;
    std::map<std::string, IssuedCode> codes_;
    std::map<std::string, IssuedCode> refreshTokens_;  // the live ones, rotated on every refresh
    std::set<std::string> accessTokens_;                // every one issued
    std::map<std::string, int> requests_;
    std::string lastIdToken_;
    int nextCode_ = 1;
    Poco::ThreadPool threads_{2, 8};
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    int port_ = 0;
};

}  // namespace deskauth::test
