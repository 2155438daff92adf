#pragma once
// The API's settings, loaded from a JSON file (config/api.json) and validated as a whole, like the
// desktop Configuration: a missing, mistyped, unknown or out-of-range field fails with a
// ConfigurationError that names the field and the file. Relative paths are resolved against the
// file's folder. Value type.
#include "config/NetworkSettings.h"

#include <set>
#include <string>

namespace deskauth::api {

struct ApiConfiguration {
    std::string sourceFile;

    struct Server {
        int port = 8444;  // always on 127.0.0.1; 0 = any free port
        std::string certificateFile;
        std::string privateKeyFile;
        int maxThreads = 32;
        int requestTimeoutSeconds = 10;
        int keepAliveTimeoutSeconds = 10;
    } server;

    struct OAuth {
        std::string issuer;  // https only; discovery at <issuer>/.well-known/openid-configuration
        std::string audience = "urn:deskauth:api";
        std::string requiredScope = "api.read";
        std::string regionsClaim = "regions";  // the claim naming the user's regions (array or "a, b" string)
        std::string validation = "jwt";  // "jwt" (local, JWKS) or "introspection" (RFC 7662)
        std::set<std::string> algorithms{"RS256", "ES256"};
        int clockSkewSeconds = 30;
        // RFC 9449: DPoP-bound tokens are always accepted with their proof; with dpopNonce the
        // proofs must carry a nonce this API issued (§9), rotated every dpopNonceLifetimeSeconds.
        bool dpopNonce = false;
        int dpopNonceLifetimeSeconds = 300;
        int dpopProofWindowSeconds = 60;  // |now - iat| a proof may be off by (§11.1)
        int jwksRefetchIntervalSeconds = 30;
        std::string introspectionClientId;
        std::string introspectionClientSecret;
    } oauth;

    struct ClaimsCache {
        int maxEntries = 10000;
    } claimsCache;

    ExtraCaSettings tls;  // trusted in addition to the system CAs when calling the issuer
    ProxySettings proxy;  // for calls to the issuer (discovery, JWKS, introspection)

    struct Http {
        int connectTimeoutSeconds = 3;
        int requestTimeoutSeconds = 5;
    } http;

    struct Data {
        std::string directory;  // companies.json and transactions.json
    } data;

    struct Log {
        std::string level = "info";
        std::string file;
    } log;

    // Throws ConfigurationError.
    static ApiConfiguration load(const std::string& path);
    static ApiConfiguration parse(const std::string& json, const std::string& sourceName, const std::string& baseDir);

    // Checks an issuer given on the command line the way the file's is checked.
    static void requireHttpsIssuer(const std::string& issuer, const std::string& source);
};

}  // namespace deskauth::api
