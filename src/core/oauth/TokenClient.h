#pragma once
// The token endpoint and friends for a public client: authorization code exchange with the PKCE
// verifier (RFC 7636 §4.5), refresh, revocation (RFC 7009) and userinfo. With a DPoP key
// (RFC 9449) every request to the server carries a proof of it; a use_dpop_nonce answer (§8) is
// sent once more with the server's nonce, which is remembered for the next requests; the tokens
// returned carry the key (TokenSet::dpopKey). Thread-safe (stateless apart from the cached
// discovery document and the server's DPoP nonce).
#include "http/HttpTransport.h"
#include "oauth/Discovery.h"
#include "oauth/DpopKey.h"
#include "oauth/DpopSigner.h"
#include "oauth/TokenSet.h"

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace deskauth {

struct PushedRequest;  // oauth/PushedAuthorization.h (which brings the configuration along)

class TokenClient {
public:
    // `resources`: RFC 8707 resource indicators sent on the code exchange, device authorization,
    // device code and refresh requests (oauth.resource); empty sends none.
    TokenClient(HttpTransport& transport, Discovery& discovery, std::string clientId,
                std::vector<std::string> resources = {});

    // Throws ServerError with the server's OAuth error code (e.g. invalid_grant), NetworkError,
    // ProtocolError for a malformed response.
    TokenSet exchangeCode(const std::string& code, const std::string& codeVerifier, const std::string& redirectUri,
                          const DpopKey* dpop = nullptr);

    // A refresh the server refuses with 400 or 401 (invalid_grant or any other code, or no
    // readable body) means the session is over: throws LoginRequired. 429, 5xx: ServerError;
    // transport failures: NetworkError / TimedOut. When the server does not rotate the refresh
    // token, the old one is kept in the result.
    // A use_dpop_nonce refusal that persists after the one retry is a ServerError, not the end of
    // the session.
    TokenSet refresh(const std::string& refreshToken, const DpopKey* dpop = nullptr);

    // RFC 8628 §3.1: asks for a device code and a user code. Throws like exchangeCode; a server
    // without a device_authorization_endpoint is a ProtocolError("device_flow_unsupported").
    // `cancel` (may be nullptr, must outlive the call) ends the discovery wait and the request at
    // once with Cancelled.
    DeviceCodeGrant requestDeviceCode(const std::vector<std::string>& scopes, CancelSignal* cancel = nullptr);

    // RFC 8628 §3.4: one poll of the token endpoint with the device code. The §3.5 answers
    // (authorization_pending, slow_down, access_denied, expired_token) are ServerErrors with that code.
    TokenSet exchangeDeviceCode(const std::string& deviceCode, const DpopKey* dpop = nullptr);

    // RFC 7009 §2.1; `hint` is "refresh_token" or "access_token". A non-empty `bearerToken` is
    // also sent as Authorization: Bearer (oauth.revocationAuth "bearer"), or DPoP with `dpop`. Returns false when the
    // server advertises no revocation_endpoint, so nothing was sent; true when it accepted the
    // request (RFC 7009 §2.2: an invalid token is still a 200). Throws on a transport failure or
    // when the server refuses (e.g. 401 for a public client: ServerError).
    bool revoke(const std::string& token, const std::string& hint, const std::string& bearerToken = {},
                const DpopKey* dpop = nullptr);

    // RFC 9126 §2: posts the authorization request's `parameters` (client_id among them; with
    // DPoP, dpop_jkt, RFC 9449 §10.1) to the pushed authorization request endpoint and returns
    // the request_uri for the browser. Throws like PushedAuthorization::parse, NetworkError /
    // TimedOut, Cancelled when `cancel` fires.
    PushedRequest pushAuthorizationRequest(const HeaderList& parameters, CancelSignal* cancel = nullptr);

    // The userinfo claims (OIDC Core §5.3). With `dpop`, a DPoP-bound access token goes as
    // "Authorization: DPoP" with a proof (RFC 9449 §7.1). Throws ServerError("invalid_token", 401)
    // when rejected. The caller checks the answer's sub (oauth/UserClaims.h, OIDC Core §5.3.2).
    Poco::JSON::Object::Ptr userinfo(const std::string& accessToken, const DpopKey* dpop = nullptr);

private:
    HttpResponse postForm(const std::string& url, const HeaderList& fields, const HeaderList& headers = {},
                          const DpopKey* dpop = nullptr, const std::string& accessToken = {},
                          CancelSignal* cancel = nullptr);
    // Sends `request`, with a DPoP proof when `dpop` is given, once more with the server's nonce
    // when it asks for one (RFC 9449 §8).
    HttpResponse send(HttpRequest& request, const DpopKey* dpop, const std::string& accessToken);
    // The grant's tokens from a 200 answer, carrying `dpop` when one was used.
    static TokenSet grantedTokens(const HttpResponse& response, const std::string& grant, const DpopKey* dpop);
    HeaderList withResources(HeaderList fields) const;

    HttpTransport& transport_;
    Discovery& discovery_;
    std::string clientId_;
    std::vector<std::string> resources_;
    DpopSigner dpop_{DpopServer::Authorization};
};

}  // namespace deskauth
