#include "errors/Errors.h"

#include "config/TrailingSlash.h"

#include <openssl/rand.h>

#include <array>

namespace deskauth {

const char* toString(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Configuration: return "configuration";
    case ErrorKind::LoginRequired: return "login_required";
    case ErrorKind::Cancelled: return "cancelled";
    case ErrorKind::TimedOut: return "timed_out";
    case ErrorKind::Network: return "network";
    case ErrorKind::Server: return "server";
    case ErrorKind::Protocol: return "protocol";
    case ErrorKind::PortsBusy: return "ports_busy";
    case ErrorKind::Storage: return "storage";
    case ErrorKind::Api: return "api";
    }
    return "unknown";
}

std::string newErrorId() {
    // Unambiguous characters only (no 0/O, 1/I), so an ID read aloud over the phone survives.
    static constexpr char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    std::array<unsigned char, 6> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        bytes.fill(0);
    }
    std::string id = "DA-";
    for (unsigned char b : bytes) id += alphabet[b % 32];
    return id;
}

Error::Error(ErrorKind kind, std::string code, std::string userMessage, std::string details)
    : std::runtime_error(userMessage + (details.empty() ? "" : " (" + details + ")")),
      kind_(kind),
      code_(std::move(code)),
      id_(newErrorId()),
      userMessage_(std::move(userMessage)),
      details_(std::move(details)) {}

ConfigurationError::ConfigurationError(const std::string& file, const std::string& field,
                                       const std::string& problem)
    : Error(ErrorKind::Configuration, "invalid_configuration",
            "The configuration in " + file + " is not valid: " + field + " " + problem + ".",
            "file=" + file + " field=" + field),
      field_(field) {}

LoginRequired::LoginRequired(std::string details)
    : Error(ErrorKind::LoginRequired, "login_required", "Please sign in to continue.", std::move(details)) {}

Cancelled::Cancelled() : Error(ErrorKind::Cancelled, "cancelled", "Sign-in was cancelled.") {}

TimedOut::TimedOut(std::string userMessage, std::string details)
    : Error(ErrorKind::TimedOut, "timed_out", std::move(userMessage), std::move(details)) {}

NetworkError::NetworkError(std::string userMessage, std::string details, NetworkFailure failure)
    : Error(ErrorKind::Network, "network_error", std::move(userMessage), std::move(details)), failure_(failure) {}

ServerError::ServerError(std::string code, int httpStatus, std::string userMessage, std::string details)
    : Error(ErrorKind::Server, std::move(code), std::move(userMessage), std::move(details)),
      httpStatus_(httpStatus) {}

ProtocolError::ProtocolError(std::string code, std::string details)
    : Error(ErrorKind::Protocol, std::move(code),
            "The sign-in response could not be trusted, so it was rejected.", std::move(details)) {}

ProtocolError::ProtocolError(std::string code, std::string userMessage, std::string details)
    : Error(ErrorKind::Protocol, std::move(code), std::move(userMessage), std::move(details)) {}

namespace {

std::string issuerMismatchMessage(const std::string& announced, const std::string& configured) {
    std::string message = "The sign-in server calls itself '" + announced + "', but the configuration names it '" +
                          configured + "' (oauth.authority), so sign-in was stopped. This is a configuration or "
                          "server problem, not something you did: ";
    if (withoutTrailingSlashes(announced) == withoutTrailingSlashes(configured)) {
        return message + "write \"" + announced + "\" as oauth.authority in the configuration.";
    }
    return message + "ask your administrator to check oauth.authority and the server's issuer.";
}

}  // namespace

IssuerMismatchError::IssuerMismatchError(const std::string& announced, const std::string& configured)
    : ProtocolError("discovery_issuer_mismatch", issuerMismatchMessage(announced, configured),
                    "discovery issuer '" + announced + "' is not the configured authority '" + configured + "'") {}

StaleAuthenticationError::StaleAuthenticationError(std::string details)
    : ProtocolError("invalid_id_token",
                    "The sign-in server did not confirm a recent enough sign-in, which this app's settings ask for "
                    "(oauth.maxAgeSeconds). If this happens at every sign-in, the server does not report the time "
                    "of sign-in: ask your administrator to remove that setting.",
                    std::move(details)) {}

StrayResponse::StrayResponse(std::string code, std::string details)
    : ProtocolError(std::move(code), std::move(details)) {}

namespace {

std::string joined(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& word : words) text += (text.empty() ? "" : ", ") + word;
    return text;
}

}  // namespace

ScopeNotGranted::ScopeNotGranted(const std::vector<std::string>& missing)
    : Error(ErrorKind::Server, "scope_not_granted",
            "The sign-in did not grant DeskAuth these permissions, which it needs: " + joined(missing) +
                ". Sign in again and allow all the permissions the sign-in page asks for.",
            "token response scope lacks " + joined(missing)),
      missing_(missing) {}

PortsBusyError::PortsBusyError(int firstPort, int lastPort)
    : Error(ErrorKind::PortsBusy, "ports_busy",
            "Sign-in needs one free local port between " + std::to_string(firstPort) + " and " +
                std::to_string(lastPort) + ", but all of them are in use by other programs.",
            "ports " + std::to_string(firstPort) + "-" + std::to_string(lastPort) + " busy on 127.0.0.1") {}

StorageError::StorageError(std::string userMessage, std::string details)
    : Error(ErrorKind::Storage, "storage_error", std::move(userMessage), std::move(details)) {}

}  // namespace deskauth

namespace deskauth {

ApiError::ApiError(std::string code, int httpStatus, std::string userMessage, std::string serverErrorId,
                   std::string details)
    : Error(ErrorKind::Api, std::move(code), std::move(userMessage), std::move(details)),
      httpStatus_(httpStatus),
      serverErrorId_(std::move(serverErrorId)) {}

}  // namespace deskauth
