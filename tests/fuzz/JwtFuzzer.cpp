// A JWT as it reaches JwtSignatureVerifier (ID tokens in the app, access tokens in the API):
// header and payload decoding, the alg allow-list (RFC 8725 §3.1), the kid lookup and the
// signature check against a JWKS of one RSA and one EC key made at start.
#include "FuzzInput.h"
#include "errors/Errors.h"
#include "oauth/JwtSignatureVerifier.h"
#include "support/FakeTransport.h"
#include "support/TestKeys.h"

#include <memory>

namespace {

struct Verifier {
    deskauth::test::RsaTestKey rsa = deskauth::test::RsaTestKey::generate("rsa-1");
    deskauth::test::EcTestKey ec = deskauth::test::EcTestKey::generate("ec-1");
    deskauth::test::FakeTransport transport{[this](const deskauth::HttpRequest&) {
        return deskauth::test::jsonResponse(200, deskauth::test::jwksJson({rsa.jwk(), ec.jwk()}));
    }};
    deskauth::JwksCache keys{transport, "https://127.0.0.1:8443/jwks", std::chrono::hours(1)};
    deskauth::JwtSignatureVerifier verifier{keys};
};

Verifier* verifier = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    deskauth::fuzz::quietLog();
    verifier = new Verifier;  // lives as long as the process, like the app's
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        (void)verifier->verifier.verify(deskauth::fuzz::text(data, size));
        __builtin_trap();  // nobody but the holder of the private keys can make a token that verifies
    } catch (const deskauth::ProtocolError&) {
    }
    return 0;
}
