// The client's DPoP nonce handling (RFC 9449 §8, §9; src/core/oauth/DpopSigner) with what a
// server answers: the input is "<first byte><WWW-Authenticate>\n<DPoP-Nonce>\n<body>"; the first
// byte chooses the status (400, 401 or 200) and which kind of server answered (token endpoint or
// API). The signer may never throw on an answer, may only ask for a retry with a well-formed
// nonce (1*NQCHAR, at most 512 bytes) it has not just sent, and the proof it then makes must carry
// exactly that nonce.
#include "FuzzInput.h"
#include "http/JsonBody.h"
#include "oauth/Base64Url.h"
#include "oauth/DpopKey.h"
#include "oauth/DpopSigner.h"

#include <cstdlib>
#include <memory>

namespace {

std::unique_ptr<deskauth::DpopKey> key;

std::string nextLine(std::string& rest) {
    const auto end = rest.find('\n');
    std::string line = rest.substr(0, end);
    rest = end == std::string::npos ? std::string() : rest.substr(end + 1);
    return line;
}

std::string proofNonce(const deskauth::HttpRequest& request) {
    for (const auto& [name, value] : request.headers) {
        if (name != "DPoP") continue;
        const auto first = value.find('.');
        const auto second = value.find('.', first + 1);
        auto claims = deskauth::json::parseObject(deskauth::base64url::decode(value.substr(first + 1, second - first - 1)), "fuzz");
        return deskauth::json::optionalString(*claims, "nonce").value_or("");
    }
    std::abort();  // sign() must have set the header
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    deskauth::fuzz::quietLog();
    key = std::make_unique<deskauth::DpopKey>(deskauth::DpopKey::generate());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string rest = deskauth::fuzz::text(data + 1, size - 1);
    const auto server = (data[0] & 1) ? deskauth::DpopServer::Resource : deskauth::DpopServer::Authorization;
    deskauth::HttpResponse response;
    response.status = (data[0] >> 1) % 3 == 0 ? 400 : (data[0] >> 1) % 3 == 1 ? 401 : 200;
    const std::string challenge = nextLine(rest);
    const std::string nonce = nextLine(rest);
    if (!challenge.empty()) response.headers.emplace_back("WWW-Authenticate", challenge);
    if (!nonce.empty()) response.headers.emplace_back("DPoP-Nonce", nonce);
    response.body = rest;

    deskauth::DpopSigner signer(server);
    deskauth::HttpRequest request;
    request.method = "POST";
    request.url = "https://127.0.0.1:8443/token";
    signer.sign(request, *key, server == deskauth::DpopServer::Resource ? "access-token" : "");
    (void)deskauth::DpopSigner::isNonceChallenge(server, response);
    const bool retry = signer.retryWith(request, response);
    if (retry && !deskauth::DpopSigner::isValidNonce(nonce)) std::abort();
    if (retry && !deskauth::DpopSigner::isNonceChallenge(server, response)) std::abort();
    signer.sign(request, *key);
    // A well-formed nonce is remembered (§8.2) and goes into the next proof; nothing else does.
    const std::string sent = proofNonce(request);
    if (deskauth::DpopSigner::isValidNonce(nonce) ? sent != nonce : !sent.empty()) std::abort();
    // The same challenge again, after the retry with that nonce: no second retry.
    if (retry && signer.retryWith(request, response)) std::abort();
    return 0;
}
