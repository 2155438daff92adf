// An OpenID Connect discovery document (OIDC Discovery §4, RFC 8414) from the network.
#include "FuzzInput.h"
#include "errors/Errors.h"
#include "oauth/Discovery.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    deskauth::fuzz::quietLog();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        (void)deskauth::Discovery::parse(deskauth::fuzz::text(data, size), "https://127.0.0.1:8443");
    } catch (const deskauth::ProtocolError&) {
    }
    return 0;
}
