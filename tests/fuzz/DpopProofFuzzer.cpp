// The sample API's DPoP proof check (RFC 9449 §4.3, src/api/DpopProofVerifier) with what a client
// puts in the DPoP header. The first byte chooses what the rest is:
//   0: the whole header value, as sent;
//   1: the proof's claims (JSON), in a proof signed by the fuzzer's key with a well-formed header,
//      so that the checks after the signature (jti, htm, htu, iat, ath, nonce, replay) are reached;
//   2: the proof's protected header (JSON) over well-formed claims, signed by the same key: the
//      typ/alg/jwk checks, and the signature check with whatever key the header names.
// A proof may only be refused with HttpProblem; an accepted one must name the fuzzer's key.
#include "DpopProofVerifier.h"
#include "FuzzInput.h"
#include "HttpProblem.h"
#include "oauth/Base64Url.h"
#include "oauth/DpopKey.h"
#include "oauth/DpopProof.h"

#include <Poco/JSON/Object.h>

#include <cstdlib>
#include <memory>
#include <sstream>

namespace {

// A fixed P-256 test key (made for this fuzzer, secures nothing), so that inputs that name its jwk
// replay the same way in every run.
constexpr const char* keyPem = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgIx0Ew2zpO1cLAHOt
Ll22I3DQ+opLFkOjMwwyWqDPBX+hRANCAAQPS8Dp087X4zb831LHTgD/fCqlJW5A
Bttp6XnzOxiQ2KX/6ymIg96QBo1iK8rHrTdSUDwWcVEs1/lnWrJT+6Pk
-----END PRIVATE KEY-----
)";
constexpr long long now = 1800000000;  // the API clock: fixed, so iat checks replay identically
constexpr const char* uri = "https://127.0.0.1:8443/api/companies";
constexpr const char* accessToken = "access-token-of-the-fuzzer";

std::unique_ptr<deskauth::DpopKey> key;

std::string json(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

std::string signedProof(const std::string& header, const std::string& claims) {
    const std::string input = deskauth::base64url::encode(header) + "." + deskauth::base64url::encode(claims);
    return input + "." + deskauth::base64url::encode(key->signEs256(input));
}

std::string goodHeader() {
    Poco::JSON::Object header;
    header.set("typ", "dpop+jwt");
    header.set("alg", "ES256");
    header.set("jwk", key->publicJwk());
    return json(header);
}

std::string goodClaims() {
    Poco::JSON::Object claims;
    claims.set("jti", "fuzz-jti");
    claims.set("htm", "GET");
    claims.set("htu", uri);
    claims.set("iat", now);
    claims.set("ath", deskauth::dpopAccessTokenHash(accessToken));
    return json(claims);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    deskauth::fuzz::quietLog();
    key = std::make_unique<deskauth::DpopKey>(deskauth::DpopKey::fromPem(keyPem));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string rest = deskauth::fuzz::text(data + 1, size - 1);
    std::string proof;
    switch (data[0] % 3) {
    case 0: proof = rest; break;
    case 1: proof = signedProof(goodHeader(), rest); break;
    default: proof = signedProof(rest, goodClaims()); break;
    }
    // A fresh verifier per input (its replay cache and nonces start empty), with nonces required
    // on odd first bytes so that both paths of §9 are fuzzed.
    deskauth::api::DpopRules rules;
    rules.requireNonce = (data[0] & 1) != 0;
    deskauth::api::DpopProofVerifier verifier(rules, [] { return std::chrono::system_clock::time_point(std::chrono::seconds(now)); });
    try {
        const std::string thumbprint = verifier.verify({proof, "GET", uri, accessToken});
        if (thumbprint != key->thumbprint()) std::abort();  // accepted a proof of another key
    } catch (const deskauth::api::HttpProblem&) {
    }
    return 0;
}
