// The pushed authorization request endpoint's answer (RFC 9126 §2.2, §2.3) from the network.
// An accepted answer must give a request_uri and lifetime within the client's limits.
#include "FuzzInput.h"
#include "errors/Errors.h"
#include "oauth/PushedAuthorization.h"

#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    deskauth::fuzz::quietLog();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    deskauth::HttpResponse response;
    response.status = size > 0 && data[0] == '!' ? 400 : 201;
    response.body = deskauth::fuzz::text(data, size);
    try {
        const auto pushed = deskauth::PushedAuthorization::parse(response);
        if (pushed.requestUri.empty() || pushed.requestUri.size() > deskauth::PushedAuthorization::maxRequestUriBytes ||
            pushed.expiresIn.count() <= 0 || pushed.expiresIn > deskauth::PushedAuthorization::maxLifetime) {
            std::abort();
        }
    } catch (const deskauth::ServerError&) {
    } catch (const deskauth::ProtocolError&) {
    }
    return 0;
}
