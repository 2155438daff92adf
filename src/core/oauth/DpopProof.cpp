#include "oauth/DpopProof.h"

#include "oauth/Base64Url.h"
#include "oauth/SecureRandom.h"

#include <openssl/sha.h>

#include <sstream>

namespace deskauth {
namespace {

std::string compact(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return base64url::encode(out.str());
}

}  // namespace

std::string dpopTargetUri(const std::string& url) { return url.substr(0, url.find_first_of("?#")); }

std::string dpopAccessTokenHash(const std::string& accessToken) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(accessToken.data()), accessToken.size(), digest);
    return base64url::encode(digest, sizeof digest);
}

std::string makeDpopProof(const DpopKey& key, const DpopProofInput& input, std::chrono::system_clock::time_point now) {
    Poco::JSON::Object header(Poco::JSON_PRESERVE_KEY_ORDER);
    header.set("typ", "dpop+jwt");
    header.set("alg", "ES256");
    header.set("jwk", key.publicJwk());
    Poco::JSON::Object claims(Poco::JSON_PRESERVE_KEY_ORDER);
    // §4.2 jti: unique per proof, so the server can refuse a replayed one (§11.1); 128 bits.
    claims.set("jti", randomUrlSafeString(16));
    claims.set("htm", input.method);
    claims.set("htu", dpopTargetUri(input.url));
    claims.set("iat", static_cast<Poco::Int64>(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()));
    if (!input.nonce.empty()) claims.set("nonce", input.nonce);
    if (!input.accessToken.empty()) claims.set("ath", dpopAccessTokenHash(input.accessToken));
    const std::string signingInput = compact(header) + "." + compact(claims);
    return signingInput + "." + base64url::encode(key.signEs256(signingInput));
}

}  // namespace deskauth
