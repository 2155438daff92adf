// The claims of an ID token (OIDC Core §3.1.3.7) with a good signature: the input is the payload
// JSON, signed here with the issuer's EC key, so that IdTokenValidator's claim checks (iss, aud,
// azp, exp, iat, sub, nonce, display name) see every shape of claims, not only bad signatures.
#include "FuzzInput.h"
#include "errors/Errors.h"
#include "oauth/IdTokenValidator.h"
#include "support/FakeTransport.h"
#include "support/TestKeys.h"

#include <Poco/JSON/Parser.h>

namespace {

const std::string issuer = "https://127.0.0.1:8443";

struct Validator {
    deskauth::test::EcTestKey key = deskauth::test::EcTestKey::generate("ec-1");
    deskauth::test::FakeTransport transport{[this](const deskauth::HttpRequest&) {
        return deskauth::test::jsonResponse(200, deskauth::test::jwksJson({key.jwk()}));
    }};
    deskauth::JwksCache keys{transport, issuer + "/jwks", std::chrono::hours(1)};
    deskauth::JwtSignatureVerifier verifier{keys};
    deskauth::IdTokenValidator validator{verifier, issuer, "deskauth-desktop", std::chrono::seconds(60),
                                         [] { return std::chrono::system_clock::from_time_t(1'800'000'000); }};
};

Validator* validator = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    deskauth::fuzz::quietLog();
    validator = new Validator;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Poco::JWT::Token token;
    try {
        auto claims = Poco::JSON::Parser().parse(deskauth::fuzz::text(data, size)).extract<Poco::JSON::Object::Ptr>();
        token.payload() = *claims;
    } catch (const Poco::Exception&) {
        return 0;  // not a JSON object: the JWT fuzzer covers undecodable payloads
    }
    const std::string jwt = validator->key.sign(token);
    for (const auto& expectations : {deskauth::IdTokenValidator::Expectations{std::string("n-1"), {}},
                                     deskauth::IdTokenValidator::Expectations{{}, std::string("user-1")}}) {
        try {
            (void)validator->validator.validate(jwt, expectations);
        } catch (const deskauth::ProtocolError&) {
        }
    }
    return 0;
}
