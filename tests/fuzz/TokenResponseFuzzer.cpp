// The token endpoint's answers (RFC 6749 §5.1 success, §5.2 error) from the network.
#include "FuzzInput.h"
#include "errors/Errors.h"
#include "oauth/TokenResponse.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    deskauth::fuzz::quietLog();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    deskauth::HttpResponse response;
    response.status = 400;
    response.body = deskauth::fuzz::text(data, size);
    (void)deskauth::TokenResponse::error(response, "complete the sign-in");  // never throws
    try {
        (void)deskauth::TokenResponse::parse(response.body, "authorization_code");
    } catch (const deskauth::ProtocolError&) {
    }
    return 0;
}
