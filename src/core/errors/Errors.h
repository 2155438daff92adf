#pragma once
// The typed errors that leave deskauth_core. Every error carries a short user-facing message, a
// machine code, an error ID the user can quote to support, and details that go to the log only.
// No error ever carries a token, code or secret.
// Threads: immutable exception types; an exception_ptr to one may be passed between threads.
#include <stdexcept>
#include <string>
#include <vector>

namespace deskauth {

enum class ErrorKind {
    Configuration,  // config file missing or invalid
    LoginRequired,  // no usable session: the user must sign in
    Cancelled,      // the user cancelled a login
    TimedOut,       // a login or network call took too long
    Network,        // connection, TLS or proxy failure
    Server,         // an OAuth/HTTP error answered by a server
    Protocol,       // a response that breaks the protocol (bad state, bad ID token, ...)
    PortsBusy,      // no free loopback port for the redirect listener
    Storage,        // the secret store failed
    Api,            // the API answered with an error
};

const char* toString(ErrorKind kind);

// A fresh, random error ID such as "DA-7K2QX9", for correlating a message with its log line.
std::string newErrorId();

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, std::string code, std::string userMessage, std::string details = {});

    ErrorKind kind() const { return kind_; }
    const std::string& code() const { return code_; }
    const std::string& id() const { return id_; }
    const std::string& userMessage() const { return userMessage_; }
    const std::string& details() const { return details_; }

private:
    ErrorKind kind_;
    std::string code_;
    std::string id_;
    std::string userMessage_;
    std::string details_;
};

class ConfigurationError : public Error {
public:
    ConfigurationError(const std::string& file, const std::string& field, const std::string& problem);
    const std::string& field() const { return field_; }

private:
    std::string field_;
};

class LoginRequired : public Error {
public:
    explicit LoginRequired(std::string details = {});
};

class Cancelled : public Error {
public:
    Cancelled();
};

class TimedOut : public Error {
public:
    TimedOut(std::string userMessage, std::string details = {});
};

// What kind of network failure, so that callers (diagnostics) can give advice without parsing text.
enum class NetworkFailure {
    Other,
    Unreachable,           // nothing answered at that address (or the name did not resolve)
    UntrustedCertificate,  // the TLS chain does not lead to a trusted CA
    WrongHostName,         // the certificate does not name the host that was asked for
    Proxy,                 // the proxy refused or could not open the tunnel
};

class NetworkError : public Error {
public:
    NetworkError(std::string userMessage, std::string details, NetworkFailure failure = NetworkFailure::Other);
    NetworkFailure failure() const { return failure_; }

private:
    NetworkFailure failure_;
};

// An error answered by a server, with its OAuth error code (access_denied, invalid_grant, ...) or
// an HTTP status when the server gave no code.
class ServerError : public Error {
public:
    ServerError(std::string code, int httpStatus, std::string userMessage, std::string details = {});
    int httpStatus() const { return httpStatus_; }

private:
    int httpStatus_;
};

class ProtocolError : public Error {
public:
    ProtocolError(std::string code, std::string details);

protected:
    ProtocolError(std::string code, std::string userMessage, std::string details);
};

// The discovery document names another issuer than oauth.authority (OIDC Discovery §4.3). Not an
// untrusted sign-in response but a configuration or server problem, and the message says so; when
// the two differ only by a trailing '/', it says which value to write in the configuration.
class IssuerMismatchError : public ProtocolError {
public:
    IssuerMismatchError(const std::string& announced, const std::string& configured);
};

// An ID token whose auth_time is missing or older than oauth.maxAgeSeconds (OpenID Connect Core
// §3.1.2.1, §3.1.3.7 item 13; code "invalid_id_token"). Not a forged response but a provider that
// does not report a recent sign-in (Glewlwyd sends auth_time 0), and the message says so.
class StaleAuthenticationError : public ProtocolError {
public:
    explicit StaleAuthenticationError(std::string details);
};

// An authorization response that belongs to no login under way: a missing, unknown or used state
// ("unknown_state", RFC 6749 §10.12) or a malformed private-URI redirect ("invalid_redirect_url").
// It is refused and changes nothing; the app may say so, but no login has ended.
class StrayResponse : public ProtocolError {
public:
    StrayResponse(std::string code, std::string details);
};

// A sign-in whose token response lacks scopes the app asked for and needs (RFC 6749 §3.3), e.g.
// boxes left unticked at consent: the tokens are not kept, and the message names the scopes.
class ScopeNotGranted : public Error {
public:
    explicit ScopeNotGranted(const std::vector<std::string>& missing);
    const std::vector<std::string>& missing() const { return missing_; }

private:
    std::vector<std::string> missing_;
};

class PortsBusyError : public Error {
public:
    PortsBusyError(int firstPort, int lastPort);
};

class StorageError : public Error {
public:
    StorageError(std::string userMessage, std::string details);
};

}  // namespace deskauth

namespace deskauth {

// An error answered by our API: its JSON {"code","message"} and, for server faults, the error ID
// the API logged, so support can find the server side of the story.
class ApiError : public Error {
public:
    ApiError(std::string code, int httpStatus, std::string userMessage, std::string serverErrorId,
             std::string details);
    int httpStatus() const { return httpStatus_; }
    const std::string& serverErrorId() const { return serverErrorId_; }

private:
    int httpStatus_;
    std::string serverErrorId_;
};

}  // namespace deskauth
